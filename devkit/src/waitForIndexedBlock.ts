import type { Indexer } from './indexerOf'
import { sleep } from './sleep'

/**
 * Resolves once the indexer's /status shows block `blockNumber` (or later) of chain `chainId`
 * indexed. Tests wait on this, not on /ready, which Ponder answers before recent blocks are in.
 *
 * `stallMs` bounds the time without progress, not the whole wait: on a busy machine Ponder may
 * take half a second a block and need minutes for a long scenario, which is slow, not stuck. It
 * fails once no new block has been indexed for `stallMs` (or the process exits).
 */
export async function waitForIndexedBlock(indexer: Indexer, chainId: number, blockNumber: bigint, stallMs = 60_000) {
  let deadline = Date.now() + stallMs
  let indexed = -1n
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
      const number = chain ? BigInt(chain.block.number) : -1n
      if (number >= blockNumber) return
      if (number > indexed) {
        indexed = number
        deadline = Date.now() + stallMs
      }
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(200)
  }
  throw new Error(
    `indexer did not reach block ${blockNumber}: no new block indexed for ${stallMs} ms (last /status: ${last}):\n${indexer.logs().slice(-4_000)}`,
  )
}
