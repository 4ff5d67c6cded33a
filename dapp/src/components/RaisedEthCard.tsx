import { useState } from 'react'
import { parseEventLogs, type Address } from 'viem'
import { useReadContract } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import type { SaleState } from '../hooks/useSale'
import { formatBps, formatEth } from '../lib/format'
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
  const run = useContractWrite('TokenSale', 'withdraw', { revertedMessage: 'The transaction was mined but reverted; nothing was withdrawn.' })
  // Read from the Withdrawn event of the receipt: the amount actually sent, not the credit shown before.
  const [withdrawn, setWithdrawn] = useState<bigint>()
  const withdraw = async () => {
    setWithdrawn(undefined)
    const receipt = await run.write({})
    if (receipt?.status !== 'success') return
    const [event] = parseEventLogs({ abi: tokenSale.abi, eventName: 'Withdrawn', logs: receipt.logs })
    if (event) setWithdrawn(event.args.amount)
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
        <Stat label="Withdrawable" testId="withdrawable" value={credit.data === undefined ? <Skeleton /> : formatEth(credit.data)} />
      </dl>
      {sale.phase !== 'Finalized' && credit.data === 0n && (
        <p className="muted small">Your share is credited when the sale is finalized; then withdraw it here.</p>
      )}
      <button type="button" className="button button-primary" disabled={!canWithdraw} onClick={() => void withdraw()}>
        {run.busy ? 'Withdrawing…' : 'Withdraw'}
      </button>
      {withdrawn !== undefined && (
        <Notice tone="success" title="Withdrawn">
          <p data-testid="withdraw-outcome">{formatEth(withdrawn)} was sent to your wallet.</p>
        </Notice>
      )}
      {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
    </section>
  )
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
