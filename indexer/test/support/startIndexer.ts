// Runs the indexer for a test exactly as `npm start` does (the devkit's indexer service: its own
// process group and log file, its package `start` script), with the given chain, port,
// schema and database. A thin wrapper over @neuromation/devkit, kept for the indexer's suites.
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { PlatformError, platformPlan, repoRoot, runPlan, sleep, type RunningPlatform } from '@neuromation/devkit'

export type Indexer = {
  url: string
  process: ChildProcess
  /** Everything the indexer printed so far (its last lines; the full log is in .data/logs/test). */
  logs: () => string
  stop: () => Promise<void>
}

export type IndexerOptions = {
  chainId: number
  rpcUrl: string
  /** A free port is taken when omitted. */
  port?: number
  schema: string
  pgliteDir?: string
  databaseUrl?: string
}

/** The Indexer handle of a running devkit platform that includes the indexer service. */
export function indexerOf(platform: RunningPlatform): Indexer {
  const service = platform.services.indexer
  if (!service?.process) throw new Error('the platform has no running indexer service')
  return {
    url: platform.env.INDEXER_URL,
    process: service.process,
    logs: () => (service.tail?.(400) ?? []).join('\n'),
    stop: () => service.stop?.() ?? Promise.resolve(),
  }
}

/** Starts the indexer and resolves once its HTTP server answers /health. */
export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const indexerService = platformPlan({ indexer: { schema: options.schema, readyPath: '/health', env: { PONDER_LOG_LEVEL: 'info' } } }).find(
    (s) => s.name === 'indexer',
  )!
  const given: Record<string, string> = { CHAIN_ID: String(options.chainId), RPC_URL: options.rpcUrl }
  if (options.databaseUrl) given.DATABASE_URL = options.databaseUrl
  else if (options.pgliteDir) given.PGLITE_DIR = options.pgliteDir
  try {
    const platform = await runPlan([indexerService], {
      given,
      ports: options.port === undefined ? {} : { indexer: options.port },
      baseEnv: process.env,
      logDir: join(repoRoot, '.data', 'logs', 'test'),
      logPrefix: `indexer-${process.pid}-${options.schema}-`,
      readyTimeoutMs: 90_000,
      stopGraceMs: 15_000,
    })
    return indexerOf(platform)
  } catch (error) {
    throw error instanceof PlatformError ? new Error(error.withLogTail(), { cause: error }) : error
  }
}

/** Resolves once /status shows block `blockNumber` (or later) of chain `chainId` indexed. */
export async function waitForIndexedBlock(indexer: Indexer, chainId: number, blockNumber: bigint, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (indexer.process.exitCode !== null) {
      throw new Error(`indexer exited with ${indexer.process.exitCode}:\n${indexer.logs().slice(-4_000)}`)
    }
    try {
      const res = await fetch(`${indexer.url}/status`, { signal: AbortSignal.timeout(2_000) })
      const status = (await res.json()) as Record<string, { id: number; block: { number: number } }>
      const chain = Object.values(status).find((c) => c.id === chainId)
      last = JSON.stringify(status)
      if (chain && BigInt(chain.block.number) >= blockNumber) return
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(200)
  }
  throw new Error(`indexer did not reach block ${blockNumber} within ${timeoutMs} ms (last /status: ${last}):\n${indexer.logs().slice(-4_000)}`)
}
