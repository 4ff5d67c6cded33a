// Runs the indexer alone exactly as `npm start` does (the plan's indexer service: its own process
// group and log file, its package's `start` script) on a chain and database the caller already
// has: the indexer's suites and the indexer load benchmark.
import { join } from 'node:path'
import { type Indexer, indexerOf } from './indexerOf'
import { PlatformError } from './PlatformError'
import { platformPlan } from './platformPlan'
import { repoRoot } from './repoRoot'
import { runPlan } from './runPlan'

export type IndexerOptions = {
  chainId: number
  rpcUrl: string
  /** A free port is taken when omitted. */
  port?: number
  schema: string
  pgliteDir?: string
  databaseUrl?: string
}

/** Starts the indexer and resolves once its HTTP server answers /health. */
export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const plan = platformPlan({ indexer: { schema: options.schema, readyPath: '/health', env: { PONDER_LOG_LEVEL: 'info' } } })
  const given: Record<string, string> = { CHAIN_ID: String(options.chainId), RPC_URL: options.rpcUrl }
  if (options.databaseUrl) given.DATABASE_URL = options.databaseUrl
  else if (options.pgliteDir) given.PGLITE_DIR = options.pgliteDir
  try {
    // Only the indexer: the chain and the database are the caller's, handed over as `given`.
    const platform = await runPlan(
      plan.filter((s) => s.name === 'indexer'),
      {
        given,
        ports: options.port === undefined ? {} : { indexer: options.port },
        baseEnv: process.env,
        logDir: join(repoRoot, '.data', 'logs', 'test'),
        logPrefix: `indexer-${process.pid}-${options.schema}-`,
        // Ponder's start is seconds of CPU; `npm test` starts it in several suites at once beside
        // other work, so a busy 2-core machine needs more than the minute and a half it needs alone.
        readyTimeoutMs: 180_000,
        stopGraceMs: 15_000,
      },
    )
    return indexerOf(platform)
  } catch (error) {
    throw error instanceof PlatformError ? new Error(error.withLogTail(), { cause: error }) : error
  }
}
