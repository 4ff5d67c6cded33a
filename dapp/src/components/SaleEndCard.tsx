import { finalizeSale } from '@neuromation/sdk'
import { useAccount, useBalance } from 'wagmi'
import { useApp } from '../AppContext'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import type { SaleState } from '../hooks/useSale'
import { useSaleFinalized } from '../hooks/useSaleFinalized'
import { describeReadError } from '../lib/describeReadError'
import { formatEth, formatNtk } from '../lib/format'
import { Notice } from './Notice'
import { Skeleton } from './Skeleton'
import { Stat } from './Stat'
import { TxStatus } from './TxStatus'

/**
 * The end of the sale, in place of eligibility and purchase: while Ended, what finalization does
 * and the button anyone may press; once Finalized, the final figures.
 */
export function SaleEndCard({ sale }: { sale: SaleState }) {
  const { config } = useApp()
  const { address } = useAccount()
  const tokenSale = useAppContract('TokenSale')
  const run = useContractWrite(finalizeSale, {
    revertedMessage: 'The transaction was mined but reverted; the sale is not finalized.',
  })
  const ended = sale.phase === 'Ended'
  // What finalize() will burn and split: exactly the unsold allocation (NTK sent to the sale by
  // mistake is not burned; sweepTokens returns it), and the ETH the sale holds.
  const unsold = sale.hardCapTokens - sale.tokensSold
  const held = useBalance({ address: tokenSale.address, query: { enabled: ended } })
  const final = useSaleFinalized(sale.phase === 'Finalized')

  if (!ended) {
    return (
      <section className="card" aria-labelledby="sale-end-heading">
        <h2 id="sale-end-heading">The sale is finalized</h2>
        <p className="muted small">
          The unsold NTK were burned and the raised ETH was credited to the platform (40%), the liquidity reserve (40%), marketing
          (10%) and partners (10%), who withdraw it from the sale contract.
        </p>
        {final.error && !final.data ? (
          <Notice tone="error" title="Cannot read the final figures">
            {describeReadError(final.error, config.rpcUrl)}
          </Notice>
        ) : (
          <dl className="stats">
            <Stat label="ETH raised" testId="final-raised" value={final.data ? formatEth(final.data.raisedWei) : <Skeleton />} />
            <Stat
              label="NTK sold"
              testId="final-sold"
              value={final.data ? formatNtk(final.data.tokensSold) : <Skeleton />}
              hint="Bonuses included"
            />
            <Stat
              label="Unsold NTK burned"
              testId="final-burned"
              value={final.data ? formatNtk(final.data.tokensBurned) : <Skeleton />}
            />
          </dl>
        )}
      </section>
    )
  }

  return (
    <section className="card" aria-labelledby="sale-end-heading">
      <h2 id="sale-end-heading">The sale has ended</h2>
      <p className="muted small" data-testid="finalize-explainer">
        No more NTK can be bought. Finalizing the sale burns the unsold{' '}
        <strong data-testid="unsold-tokens">{formatNtk(unsold)}</strong> of its allocation and makes the raised{' '}
        {held.data === undefined ? 'ETH' : formatEth(held.data.value)} withdrawable by its recipients: the platform (40%), the
        liquidity reserve (40%), marketing (10%) and partners (10%). Anyone may finalize; it cannot be undone.
      </p>
      {address ? (
        <button type="button" className="button button-primary" disabled={run.busy} onClick={() => void run.write({})}>
          {run.busy ? 'Finalizing…' : 'Finalize sale'}
        </button>
      ) : (
        <p className="muted small">Connect a wallet to finalize the sale.</p>
      )}
      <TxStatus status={run.status} successText="The sale is finalized." />
    </section>
  )
}
