import { tokenSaleAbi } from '@neuromation/sdk'
import type { Address } from 'viem'
import { useReadContract } from 'wagmi'
import { useApp } from '../AppContext'
import type { SaleState } from '../hooks/useSale'
import { useWithdraw } from '../hooks/useWithdraw'
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
  const { deployment } = useApp()
  const tokenSale = { address: deployment.contracts.TokenSale, abi: tokenSaleAbi } as const
  const recipients = useReadContract({ ...tokenSale, functionName: 'recipients' })
  const credit = useReadContract({ ...tokenSale, functionName: 'withdrawableOf', args: [address] })
  const run = useWithdraw(address)

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
      <button type="button" className="button button-primary" disabled={!canWithdraw} onClick={() => void run.withdraw()}>
        {run.busy ? 'Withdrawing…' : 'Withdraw'}
      </button>
      {run.withdrawn !== undefined && (
        <Notice tone="success" title="Withdrawn">
          <p data-testid="withdraw-outcome">{formatEth(run.withdrawn)} was sent to your wallet.</p>
        </Notice>
      )}
      {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
    </section>
  )
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
