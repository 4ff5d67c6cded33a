import type { Logger } from '@neuromation/runtime'
import { BlockNotFoundError, type Hash, type Log } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { Chain } from './createChain'
import type { EventCursor } from './EventCursor'

/** A decoded JobMarket event (viem's log with eventName and args). */
export type MarketEvent = Log<bigint, number, false> & { eventName: string; args: Record<string, unknown> }

export type PollOptions = {
  chain: Chain
  cursor: EventCursor
  confirmations: number
  pageBlocks: number
  logger: Logger
  /** Handles one event; must be idempotent (a crash re-handles the last page). */
  handle: (event: MarketEvent) => Promise<void> | void
  signal?: AbortSignal
}

// A block the node does not have is an answer (the chain was reset or reorganized); any other
// failure is the RPC's and must reach the caller's backoff, not look like a reorg.
function notFound(error: unknown): undefined {
  if (error instanceof BlockNotFoundError) return undefined
  throw error
}

// When the cursor's block is no longer canonical the reorg was deeper than `confirmations`: go back
// this far and re-handle (handlers re-check the chain, so seeing an event twice is harmless).
const DEEP_REORG_REWIND = 64n

/**
 * Handles the market's events from the cursor up to the newest block at least `confirmations`
 * deep, in pages of at most `pageBlocks` blocks, and advances the cursor after each page. Before a
 * page is handled, every block holding one of its logs must still carry the log's block hash (a
 * log of an orphaned block is never acted on: the page is re-read). Throws on RPC failures; the
 * caller backs off and calls again, resuming at the cursor. Returns the newest handled block.
 */
export async function pollMarketEvents(options: PollOptions): Promise<bigint | undefined> {
  const { chain, cursor, logger } = options
  const client = chain.publicClient
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const safe = head - BigInt(options.confirmations)
  let saved = cursor.read()
  if (saved) {
    const block = saved.block <= head ? await client.getBlock({ blockNumber: saved.block }).catch(notFound) : undefined
    if (!block || block.hash !== saved.hash) {
      // A reorg deeper than the confirmations, or a chain that was reset (a local chain restarted
      // under the same id and addresses): go back, or start over from the market's first block.
      const back = saved.block - DEEP_REORG_REWIND
      const rewound =
        back >= chain.startBlock && back <= head ? await client.getBlock({ blockNumber: back }).catch(notFound) : undefined
      logger.warn({
        msg: 'handled block is no longer canonical: rewinding',
        block: saved.block,
        rewindTo: rewound ? back : chain.startBlock,
      })
      if (rewound) cursor.write(back, rewound.hash)
      saved = rewound ? { block: back, hash: rewound.hash } : undefined
    }
  }
  let from = saved ? saved.block + 1n : chain.startBlock
  let last: bigint | undefined = saved?.block
  while (from <= safe && !options.signal?.aborted) {
    const to = from + BigInt(options.pageBlocks) - 1n < safe ? from + BigInt(options.pageBlocks) - 1n : safe
    const logs = (await getContractEvents(client, {
      address: chain.market.address,
      abi: chain.market.abi,
      fromBlock: from,
      toBlock: to,
    })) as unknown as MarketEvent[]
    // Re-check the hashes now: a log read from a block that was replaced meanwhile is dropped and
    // the page read again on the next poll.
    const hashes = new Map<bigint, Hash>()
    for (const n of new Set([...logs.map((l) => l.blockNumber), to])) {
      hashes.set(n, (await client.getBlock({ blockNumber: n })).hash)
    }
    const orphaned = logs.find((l) => hashes.get(l.blockNumber) !== l.blockHash)
    if (orphaned) {
      logger.warn({
        msg: 'a log is from an orphaned block: re-reading the page',
        block: orphaned.blockNumber,
        event: orphaned.eventName,
      })
      return last
    }
    logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1))
    for (const log of logs) await options.handle(log)
    cursor.write(to, hashes.get(to) as Hash)
    last = to
    from = to + 1n
  }
  return last
}
