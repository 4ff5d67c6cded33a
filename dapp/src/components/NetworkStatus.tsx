import { useQuery } from '@tanstack/react-query'
import { usePublicClient } from 'wagmi'
import { useApp } from '../AppContext'
import { chainHealth, pollBlockNumber } from '../lib/chainHealth'

/**
 * The configured chain and its latest block, or a warning when the RPC does not answer. It polls
 * the block number itself: wagmi's watched block number keeps its last value when the node dies.
 */
export function NetworkStatus() {
  const { config } = useApp()
  const client = usePublicClient()
  const poll = useQuery({
    queryKey: ['chainHealth', config.rpcUrl],
    queryFn: () => pollBlockNumber(client!),
    enabled: Boolean(client),
    refetchInterval: 2_000,
    // Each poll is one attempt: a retry would hide a dead node for several more seconds.
    retry: false,
  })
  const health = chainHealth({
    dataUpdatedAt: poll.dataUpdatedAt,
    errorUpdatedAt: poll.errorUpdatedAt,
    hasData: poll.data !== undefined,
    hasError: poll.error !== null,
  })
  const down = health === 'down'
  return (
    <span
      className={`network ${down ? 'network-down' : 'network-up'}`}
      title={down ? `No answer from ${config.rpcUrl}` : config.rpcUrl}
      data-testid="network-status"
      data-health={health}
    >
      <i className="dot" aria-hidden="true" />
      Chain {config.chainId}
      <span className="network-block">
        {down ? ' · RPC unreachable' : poll.data !== undefined ? ` · block ${poll.data.toString()}` : ''}
      </span>
    </span>
  )
}
