/** What the header's chain indicator shows. */
export type ChainHealth = 'connecting' | 'up' | 'down'

/**
 * The RPC's health from the latest poll of its block number: down as soon as the latest attempt
 * failed, even though an older block number is still known (a cached number must not keep the
 * indicator green after the node died), up again on the next answer.
 */
export function chainHealth(poll: {
  dataUpdatedAt: number
  errorUpdatedAt: number
  hasData: boolean
  hasError: boolean
}): ChainHealth {
  if (poll.hasError && poll.errorUpdatedAt >= poll.dataUpdatedAt) return 'down'
  return poll.hasData ? 'up' : 'connecting'
}

/** How long the header waits for the RPC's block number before it shows the RPC as unreachable. */
export const HEALTH_TIMEOUT_MS = 5_000

/**
 * One poll of the block number for the header, failing after `timeoutMs`. A stopped or hung node
 * accepts the connection and never answers: viem's own request timeout (10 s) and retries would
 * keep the last block number (and a green indicator) on screen for about 40 s.
 */
export function pollBlockNumber(
  client: { getBlockNumber: (options: { cacheTime: number }) => Promise<bigint> },
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<bigint> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the RPC within ${timeoutMs} ms`)), timeoutMs)
  })
  return Promise.race([client.getBlockNumber({ cacheTime: 0 }), timeout]).finally(() => clearTimeout(timer))
}
