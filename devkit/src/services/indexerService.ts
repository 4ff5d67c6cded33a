// The Ponder indexer (indexer/, its package's `start` script) on the database service's
// DATABASE_URL (or PGLITE_DIR where no server can run). `npm start` waits for /ready (historical
// sync done); tests wait only for /health and then on the data they need.
import { defineProcessService } from '../defineProcessService'
import { packageScript } from '../packageScript'
import type { ServiceDefinition } from '../ServiceDefinition'

export type IndexerServiceOptions = {
  /** Default neuro_<chainId>. */
  schema?: string
  readyPath?: '/ready' | '/health'
  /** Extra variables for the indexer process (e.g. PONDER_LOG_LEVEL). */
  env?: Record<string, string>
}

export function indexerService(options: IndexerServiceOptions = {}): ServiceDefinition {
  const url = (context: { host: string; port: number | undefined }) => `http://${context.host}:${context.port}`
  return defineProcessService({
    name: 'indexer',
    dependsOn: ['anvil', 'codegen', 'database'],
    port: { default: 42069, env: 'PONDER_PORT' },
    command: (context) => {
      const env: NodeJS.ProcessEnv = {
        ...context.baseEnv,
        CHAIN_ID: context.env.CHAIN_ID,
        RPC_URL: context.env.RPC_URL,
        PONDER_HOST: context.host,
        PONDER_PORT: String(context.port),
        DATABASE_SCHEMA: options.schema ?? `neuro_${context.env.CHAIN_ID}`,
        PONDER_TELEMETRY_DISABLED: '1',
        ...options.env,
      }
      // Only what the database service decided: an inherited DATABASE_URL must not win over it.
      delete env.DATABASE_URL
      delete env.PGLITE_DIR
      if (context.env.DATABASE_URL) env.DATABASE_URL = context.env.DATABASE_URL
      else if (context.env.PGLITE_DIR) env.PGLITE_DIR = context.env.PGLITE_DIR
      return packageScript('indexer', 'start', env)
    },
    ready: (context) => ({
      url: `${url(context)}${options.readyPath ?? '/ready'}`,
      hint: options.readyPath === '/health' ? undefined : 'Ponder answers /ready once the historical sync is done.',
    }),
    exports: (context) => ({ INDEXER_URL: url(context), GRAPHQL_URL: `${url(context)}/graphql` }),
    detail: (context) => `${url(context)}/graphql`,
  })
}
