import type { Address } from 'viem'
import { usePurchases } from '../hooks/usePurchases'
import { Notice } from './Notice'
import { PurchaseTable } from './PurchaseTable'
import { Skeleton } from './Skeleton'

/**
 * Purchases from the indexer: the buyer's own ("Your purchases") or everyone's (the recent feed).
 * While `awaitTx` is set (a purchase just confirmed), it polls every second until the indexer has
 * caught up with that transaction.
 */
export function PurchasesCard({
  title,
  beneficiary,
  now,
  awaitTx,
  limit,
}: {
  title: string
  beneficiary?: Address
  now: number | undefined
  awaitTx?: string
  limit: number
}) {
  const headingId = `purchases-${beneficiary ? 'mine' : 'all'}`
  const query = usePurchases({ beneficiary, limit, awaitTx })
  const items = query.data?.items ?? []
  const catchingUp = awaitTx && query.data && !items.some((p) => p.txHash.toLowerCase() === awaitTx.toLowerCase())

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        {query.data && <span className="muted small">{query.data.totalCount} in total</span>}
      </div>
      {query.isLoading ? (
        <Skeleton width="100%" />
      ) : query.error && !query.data ? (
        <Notice tone="warning" title="Indexer unavailable">
          Purchase history cannot be loaded right now ({query.error.message}). Balances and the sale above come straight from the
          chain and stay accurate.
        </Notice>
      ) : items.length === 0 ? (
        <p className="empty">{beneficiary ? 'You have not bought any NTK yet.' : 'No purchases yet. Be the first.'}</p>
      ) : (
        <PurchaseTable purchases={items} now={now} showBuyer={!beneficiary} label={title} highlight={awaitTx} />
      )}
      {catchingUp && (
        <p className="muted small" role="status">
          <span className="spinner" aria-hidden="true" /> Waiting for the indexer to record your purchase…
        </p>
      )}
    </section>
  )
}
