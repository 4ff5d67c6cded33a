import type { PublicClient } from 'viem'

/**
 * The time vouchers expire from, in seconds: the later of the wall clock and the chain's latest
 * block. TokenSale compares expiry with block.timestamp, and on a local anvil that has been time
 * travelled (evm_increaseTime) the chain runs days ahead of the wall clock; a wall-clock expiry
 * would be born expired there. On a live chain both agree within seconds.
 */
export function createChainClock(client: Pick<PublicClient, 'getBlock'>): () => Promise<number> {
  return async () => {
    const wall = Math.floor(Date.now() / 1000)
    const block = await client.getBlock({ blockTag: 'latest' })
    return Math.max(wall, Number(block.timestamp))
  }
}
