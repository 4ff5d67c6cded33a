// The indexer's only reader of process.env: validated once, fails fast with what to fix.
// ponder.config.ts (loaded by Ponder), src/api/index.ts and bin/ponder.ts (the start wrapper) all
// call loadConfig(). Ponder also executes every file under src/ as an indexing file; this one
// registers nothing.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, env, loadConfig as loadEnv } from '@neuromation/runtime'
import { isLocalChain } from '@neuromation/sdk'
import { z } from 'zod'

export { ConfigError }

/** Which part of the indexer this process is; bin/ponder.ts sets it for the processes it starts. */
export type ProcessRole = 'all' | 'indexing' | 'api'

export type IndexerConfig = {
  /** Chain to index; its deployment comes from @neuromation/sdk getDeployment(chainId). */
  chainId: number
  rpcUrl: string
  /**
   * PostgreSQL connection string of a role that owns the indexer's schemas (and may create the
   * API's read-only role); undefined selects embedded PGlite in `pgliteDir`.
   */
  databaseUrl: string | undefined
  /** A ready-made read-only role to serve the API with; unset: bin/ponder.ts manages one. */
  apiDatabaseUrl: string | undefined
  pgliteDir: string
  /**
   * Postgres schema holding this app's tables (Ponder's --schema). With PostgreSQL, bin/ponder.ts
   * indexes into `<schema>_<chain fingerprint>` and passes that name down as DATABASE_SCHEMA.
   */
  databaseSchema: string
  port: number
  hostname: string
  /** How often Ponder polls the RPC for new blocks (ms). */
  pollingIntervalMs: number
  /** Longest an API query may run in PostgreSQL before it is cancelled (ms). */
  apiStatementTimeoutMs: number
  /** Connections the API's read-only role may hold. */
  apiMaxConnections: number
  graphql: { maxDepth: number; maxComplexity: number; maxListSize: number }
  processRole: ProcessRole
}

const indexerRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

/** Longest schema name: Ponder's cap (45) less the `_<8 hex>` chain fingerprint suffix. */
export const MAX_SCHEMA_PREFIX = 36

const databaseSchema = env.custom(
  {
    expected: 'lower-case letters, digits and _ (at most 45, not starting with a digit)',
    example: 'neuro',
    parse: (raw) => {
      // A plain identifier avoids quoting surprises in SQL and in Ponder's own statements.
      if (!/^[a-z_][a-z0-9_]*$/.test(raw) || raw.length > 45) {
        return { problem: 'must be lower-case letters, digits and _ (max 45, not starting with a digit)' }
      }
      if (raw === 'ponder_sync' || raw === 'public' || raw.startsWith('pg_')) {
        return { problem: 'is reserved (Ponder or PostgreSQL uses it)' }
      }
      return { value: raw }
    },
  },
  { default: 'neuro' },
)

const schema = z.object({
  CHAIN_ID: env.int({ min: 1, max: Number.MAX_SAFE_INTEGER, default: 31337, hint: 'the chain deployments/<id>.json belongs to' }),
  RPC_URL: env.url({ protocols: ['http', 'https', 'ws', 'wss'], default: 'http://127.0.0.1:8545' }),
  DATABASE_URL: env.url({ protocols: ['postgres', 'postgresql'], optional: true, hint: 'unset for embedded PGlite' }),
  API_DATABASE_URL: env.url({
    protocols: ['postgres', 'postgresql'],
    optional: true,
    hint: 'a read-only role; unset to let the indexer manage one',
  }),
  PGLITE_DIR: env.string({ default: '.ponder/pglite' }),
  DATABASE_SCHEMA: databaseSchema,
  PONDER_PORT: env.port({ default: 42069 }),
  PONDER_HOST: env.string({ default: '127.0.0.1' }),
  POLLING_INTERVAL_MS: env.int({ min: 50, max: 60_000, optional: true }),
  API_STATEMENT_TIMEOUT: env.durationMs({ min: 100, max: 60_000, default: 1_000 }),
  API_MAX_CONNECTIONS: env.int({ min: 2, max: 200, default: 8 }),
  GRAPHQL_MAX_DEPTH: env.int({ min: 3, max: 100, default: 8 }),
  GRAPHQL_MAX_COMPLEXITY: env.int({ min: 100, max: 10_000_000, default: 10_000 }),
  // Ponder itself refuses pages over 1,000 rows.
  GRAPHQL_MAX_LIST: env.int({ min: 1, max: 1_000, default: 1_000 }),
  INDEXER_PROCESS_ROLE: env.oneOf(['all', 'indexing', 'api'], { default: 'all', hint: 'set by bin/ponder.ts' }),
})

/** Parses and validates the indexer's environment (see indexer/.env.example). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): IndexerConfig {
  const e = loadEnv(schema, environment, { title: 'Invalid indexer configuration (see indexer/.env.example)' })
  if (e.API_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'API_DATABASE_URL is set without DATABASE_URL; set DATABASE_URL to the role that owns the indexer schema, or unset both for PGlite.',
    )
  }
  return {
    chainId: e.CHAIN_ID,
    rpcUrl: e.RPC_URL,
    databaseUrl: e.DATABASE_URL,
    apiDatabaseUrl: e.API_DATABASE_URL,
    pgliteDir: resolve(indexerRoot, e.PGLITE_DIR),
    databaseSchema: e.DATABASE_SCHEMA as string, // has a default
    port: e.PONDER_PORT,
    hostname: e.PONDER_HOST,
    pollingIntervalMs: e.POLLING_INTERVAL_MS ?? (isLocalChain(e.CHAIN_ID) ? 250 : 2_000),
    apiStatementTimeoutMs: e.API_STATEMENT_TIMEOUT,
    apiMaxConnections: e.API_MAX_CONNECTIONS,
    graphql: { maxDepth: e.GRAPHQL_MAX_DEPTH, maxComplexity: e.GRAPHQL_MAX_COMPLEXITY, maxListSize: e.GRAPHQL_MAX_LIST },
    processRole: e.INDEXER_PROCESS_ROLE,
  }
}
