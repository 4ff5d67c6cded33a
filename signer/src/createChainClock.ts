import { BaseError } from '@neuromation/runtime'
import type { PublicClient } from 'viem'

export class ChainTimeUnavailableError extends BaseError {
  override name = 'ChainTimeUnavailableError'
  constructor(cause: unknown) {
    super('Cannot read the latest block time from the RPC node.', { cause, retryable: true, code: 'CHAIN_TIME_UNAVAILABLE' })
  }
}

export type ChainClockOptions = {
  /**
   * How long one read of the latest block is reused, extrapolated with the local clock. 0 reads
   * on every call (concurrent calls still share one read).
   */
  refreshMs?: number
  /** Local clock in ms (tests drive it). */
  now?: () => number
}

/**
 * The time vouchers expire from, in seconds: the later of the wall clock and the chain's latest
 * block. TokenSale compares expiry with block.timestamp, and on a local anvil that has been time
 * travelled (evm_increaseTime) the chain runs days ahead of the wall clock; a wall-clock expiry
 * would be born expired there.
 *
 * One RPC read serves every request within `refreshMs`: between reads the block time advances
 * with the local clock (blocks are timestamped from the node's clock too), so the cached value
 * stays right on a live chain. Only a jump of the chain clock (anvil time travel) is seen late,
 * by at most `refreshMs`: hence 0 on local chains. Concurrent calls share one in-flight read, so
 * a burst costs one RPC call even with refreshMs 0.
 */
export function createChainClock(client: Pick<PublicClient, 'getBlock'>, options: ChainClockOptions = {}): () => Promise<number> {
  const refreshMs = options.refreshMs ?? 5_000
  const now = options.now ?? Date.now
  let cached: { blockSeconds: number; readAtMs: number } | undefined
  let inFlight: Promise<{ blockSeconds: number; readAtMs: number }> | undefined

  const read = () => {
    inFlight ??= client
      .getBlock({ blockTag: 'latest' })
      .then((block) => {
        cached = { blockSeconds: Number(block.timestamp), readAtMs: now() }
        return cached
      })
      .catch((error: unknown) => {
        throw new ChainTimeUnavailableError(error)
      })
      .finally(() => {
        inFlight = undefined
      })
    return inFlight
  }

  return async () => {
    const fresh = cached && now() - cached.readAtMs < refreshMs ? cached : await read()
    const elapsedSeconds = Math.floor((now() - fresh.readAtMs) / 1000)
    const wallSeconds = Math.floor(now() / 1000)
    return Math.max(wallSeconds, fresh.blockSeconds + elapsedSeconds)
  }
}
