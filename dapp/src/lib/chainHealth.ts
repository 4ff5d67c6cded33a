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
