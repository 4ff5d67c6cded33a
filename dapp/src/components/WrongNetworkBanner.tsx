import { describeError } from '@neuromation/sdk'
import { useAccount, useSwitchChain } from 'wagmi'
import { useApp } from '../AppContext'
import { Notice } from './Notice'

/** Asks the user to switch when their wallet is on another chain than the app. */
export function WrongNetworkBanner() {
  const { config } = useApp()
  const { chainId, isConnected } = useAccount()
  const { switchChain, isPending, error } = useSwitchChain()
  if (!isConnected || chainId === undefined || chainId === config.chainId) return null
  return (
    <Notice tone="warning" title={`Your wallet is on chain ${chainId}`}>
      <p>This app works on chain {config.chainId}.</p>
      <button
        type="button"
        className="button button-primary"
        disabled={isPending}
        onClick={() => switchChain({ chainId: config.chainId })}
      >
        {isPending ? 'Switching…' : `Switch to chain ${config.chainId}`}
      </button>
      {error && <p className="field-error">{describeError(error)}</p>}
    </Notice>
  )
}
