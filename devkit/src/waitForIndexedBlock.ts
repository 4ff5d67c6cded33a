import type { Indexer } from './indexerOf'
import { sleep } from './sleep'

/**
 * Resolves once the indexer's /status shows block `blockNumber` (or later) of chain `chainId`
 * indexed. Tests wait on this, not on /ready, which Ponder answers before recent blocks are in.
 */
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
