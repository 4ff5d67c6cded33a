import { anvilAccounts } from '@neuromation/sdk'
import { useId, useState } from 'react'
import { useAccount } from 'wagmi'
import { useApp } from '../AppContext'
import { shortAddress } from '../lib/format'
import { appChain } from '../wagmi'
import { type BurnerChoice, burnerAccount, burnerChoice } from '../wallet/burnerAccount'
import { switchBurnerAccount } from '../wallet/burnerConnector'
import type { BurnerProvider } from '../wallet/burnerProvider'

const encode = (choice: BurnerChoice) => (choice.kind === 'dev' ? String(choice.index) : 'own')
const decode = (value: string): BurnerChoice => (value === 'own' ? { kind: 'own' } : { kind: 'dev', index: Number(value) })

/**
 * Local chain only, with the burner wallet connected: which account it signs with. Its own
 * throwaway key, or one of anvil's public dev accounts, e.g. #0, which the local deploy config
 * makes the platform and liquidity reserve, so a recipient can withdraw with no wallet extension.
 */
export function BurnerAccountPicker() {
  const { config } = useApp()
  const { connector } = useAccount()
  const id = useId()
  const [choice, setChoice] = useState(burnerChoice)
  const [error, setError] = useState<string>()
  if (connector?.id !== 'burner') return null

  const select = async (value: string) => {
    const next = decode(value)
    setError(undefined)
    try {
      const provider = (await connector.getProvider()) as BurnerProvider
      await switchBurnerAccount(provider, next, { chain: appChain(config), rpcUrl: config.rpcUrl })
      setChoice(next)
    } catch (cause) {
      setError(`Could not switch accounts: ${cause instanceof Error ? cause.message : String(cause)}`)
    }
  }

  return (
    <div className="form burner-picker">
      <label htmlFor={id}>Burner account</label>
      <select id={id} value={encode(choice)} onChange={(e) => void select(e.target.value)}>
        <option value="own">This browser’s key ({shortAddress(burnerAccount({ kind: 'own' }).address)})</option>
        {anvilAccounts.map((account, index) => (
          <option key={account.address} value={String(index)}>
            Dev account #{index} ({shortAddress(account.address)})
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error">{error}</p>
      ) : (
        <p className="muted small">Dev accounts use anvil’s public keys: for the local chain only.</p>
      )}
    </div>
  )
}
