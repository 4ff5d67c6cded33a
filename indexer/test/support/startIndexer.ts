// Runs the indexer exactly as `npm run start -w @neuromation/indexer` does (bin/ponder.ts, which
// then runs `ponder start`), as a child process with its own port, schema and database.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot, sleep, stopProcess } from '../../../script/lib/foundry'

export type Indexer = {
  url: string
  process: ChildProcess
  /** Everything the indexer printed so far (for failure messages). */
  logs: () => string
  stop: () => Promise<void>
}

export type IndexerOptions = {
  chainId: number
  rpcUrl: string
  port: number
  schema: string
  pgliteDir?: string
  databaseUrl?: string
}

/** Starts the indexer and resolves once its HTTP server answers /health. */
export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHAIN_ID: String(options.chainId),
    RPC_URL: options.rpcUrl,
    PONDER_PORT: String(options.port),
    DATABASE_SCHEMA: options.schema,
    PONDER_LOG_LEVEL: 'info',
  }
  delete env.DATABASE_URL
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl
  if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir
  const indexerRoot = join(repoRoot, 'indexer')
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/ponder.ts', 'start'], {
    cwd: indexerRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const append = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 200_000) output = output.slice(-100_000)
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const url = `http://127.0.0.1:${options.port}`
  const indexer: Indexer = { url, process: child, logs: () => output, stop: () => stopProcess(child, 15_000) }

  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`indexer exited with ${child.exitCode}:\n${output.slice(-4_000)}`)
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })
      if (res.ok) return indexer
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  await indexer.stop()
  throw new Error(`indexer did not answer ${url}/health within 90 s:\n${output.slice(-4_000)}`)
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
