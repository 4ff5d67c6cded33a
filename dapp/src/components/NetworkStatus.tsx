import { useBlockNumber } from 'wagmi'
import { useApp } from '../AppContext'

/** The configured chain and its latest block, or a warning when the RPC does not answer. */
export function NetworkStatus() {
  const { config } = useApp()
  const { data: block, error } = useBlockNumber({ watch: true })
  const down = Boolean(error) && block === undefined
  return (
    <span className={`network ${down ? 'network-down' : 'network-up'}`} title={config.rpcUrl} data-testid="network-status">
      <i className="dot" aria-hidden="true" />
      Chain {config.chainId}
      <span className="network-block">{down ? ' · RPC unreachable' : block !== undefined ? ` · block ${block.toString()}` : ''}</span>
    </span>
  )
}
