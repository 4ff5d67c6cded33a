import { useId, useState } from 'react'
import { type Address, parseEventLogs, type TransactionReceipt } from 'viem'
import { useReadContract } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import type { SaleState } from '../hooks/useSale'
import { formatBps, formatEth } from '../lib/format'
import { parseAddressInput } from '../lib/parseAddressInput'
import { recipientRoles } from '../lib/recipientRoles'
import { Notice } from './Notice'
import { Skeleton } from './Skeleton'
import { Stat } from './Stat'
import { TxStatus } from './TxStatus'

/**
 * The raised ETH owed to the connected account: shown only to one of the sale's recipients or an
 * account with a credit, with its role, its credit (TokenSale.withdrawableOf) and the withdrawal.
 */
export function RaisedEthCard({ address, sale }: { address: Address; sale: SaleState }) {
  const tokenSale = useAppContract('TokenSale')
  const recipients = useReadContract({ ...tokenSale, functionName: 'recipients' })
  const credit = useReadContract({ ...tokenSale, functionName: 'withdrawableOf', args: [address] })
  const revertedMessage = 'The transaction was mined but reverted; nothing was withdrawn.'
  const toSelf = useContractWrite('TokenSale', 'withdraw', { revertedMessage })
  const toOther = useContractWrite('TokenSale', 'withdrawTo', { revertedMessage })
  // A recipient that cannot receive ETH itself (e.g. a contract without a payable receive) sends it elsewhere.
  const [elsewhere, setElsewhere] = useState(false)
  const [toText, setToText] = useState('')
  const [toError, setToError] = useState<string>()
  const toId = useId()
  const run = elsewhere ? toOther : toSelf
  // Read from the Withdrawn event of the receipt: the amount actually sent, and where to.
  const [withdrawn, setWithdrawn] = useState<{ amount: bigint; to: Address }>()
  const withdraw = async () => {
    setWithdrawn(undefined)
    let receipt: TransactionReceipt | undefined
    if (elsewhere) {
      const parsed = parseAddressInput(toText, [
        {
          address: tokenSale.address,
          reason: 'That is the sale contract itself: enter the address that should receive the ETH.',
        },
      ])
      setToError(parsed.error)
      if (!parsed.address) return
      receipt = await toOther.write({ args: [parsed.address] })
    } else {
      receipt = await toSelf.write({})
    }
    if (receipt?.status !== 'success') return
    const [event] = parseEventLogs({ abi: tokenSale.abi, eventName: 'Withdrawn', logs: receipt.logs })
    if (event) setWithdrawn({ amount: event.args.amount, to: event.args.to })
  }

  const roles = recipients.data ? recipientRoles(recipients.data, address) : []
  if (roles.length === 0 && !(credit.data && credit.data > 0n)) return null
  const shareBps = roles.reduce((sum, role) => sum + role.shareBps, 0)
  const canWithdraw = credit.data !== undefined && credit.data > 0n && !run.busy

  return (
    <section className="card" aria-labelledby="raised-heading">
      <h2 id="raised-heading">Raised ETH</h2>
      <dl className="stats">
        <Stat
          label="Your role"
          testId="recipient-role"
          value={roles.length > 0 ? capitalize(roles.map((role) => role.label).join(' and ')) : 'Credited account'}
          hint={roles.length > 0 ? `${formatBps(shareBps)} of the raised ETH` : undefined}
        />
        <Stat
          label="Withdrawable"
          testId="withdrawable"
          value={credit.data === undefined ? <Skeleton /> : formatEth(credit.data)}
        />
      </dl>
      {sale.phase !== 'Finalized' && credit.data === 0n && (
        <p className="muted small">Your share is credited when the sale is finalized; then withdraw it here.</p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={elsewhere} onChange={(e) => setElsewhere(e.target.checked)} disabled={run.busy} />
        Send it to another address
      </label>
      {elsewhere && (
        <div className="form">
          <label htmlFor={toId}>Send the ETH to</label>
          <input
            id={toId}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            placeholder="0x…"
            value={toText}
            onChange={(e) => {
              setToText(e.target.value)
              setToError(undefined)
            }}
            aria-invalid={toError ? true : undefined}
            aria-describedby={`${toId}-help`}
          />
          <p id={`${toId}-help`} className={toError ? 'field-error' : 'muted small'}>
            {toError ?? 'For an account that cannot receive ETH itself. Check the address: a transfer cannot be undone.'}
          </p>
        </div>
      )}
      <button type="button" className="button button-primary" disabled={!canWithdraw} onClick={() => void withdraw()}>
        {run.busy ? 'Withdrawing…' : 'Withdraw'}
      </button>
      {withdrawn !== undefined && (
        <Notice tone="success" title="Withdrawn">
          <p data-testid="withdraw-outcome">
            {formatEth(withdrawn.amount)} was sent to{' '}
            {withdrawn.to.toLowerCase() === address.toLowerCase() ? 'your wallet' : withdrawn.to}.
          </p>
        </Notice>
      )}
      {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
    </section>
  )
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
