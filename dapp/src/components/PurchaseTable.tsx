import type { IndexedPurchase } from '../hooks/usePurchases'
import { formatAgo, formatEth, formatNtk, shortAddress } from '../lib/format'
import { TxLink } from './TxLink'

/** Purchases from the indexer, newest first. */
export function PurchaseTable({
  purchases,
  now,
  showBuyer,
  label,
  highlight,
}: {
  purchases: IndexedPurchase[]
  now: number | undefined
  showBuyer: boolean
  label: string
  highlight?: string
}) {
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showBuyer && <th scope="col">Buyer</th>}
            <th scope="col">Phase</th>
            <th scope="col" className="num">
              Paid
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              of which bonus
            </th>
            <th scope="col">Transaction</th>
          </tr>
        </thead>
        <tbody>
          {purchases.map((p) => (
            <tr key={p.id} className={highlight && p.txHash.toLowerCase() === highlight.toLowerCase() ? 'fresh' : undefined}>
              <td data-label="When">{now === undefined ? '' : formatAgo(Number(p.timestamp), now)}</td>
              {showBuyer && (
                <td data-label="Buyer">
                  <code className="mono" title={p.beneficiary}>
                    {shortAddress(p.beneficiary)}
                  </code>
                </td>
              )}
              <td data-label="Phase">{p.phase === 'Sale' ? 'Public sale' : p.phase}</td>
              <td className="num" data-label="Paid">
                {formatEth(p.weiAccepted)}
              </td>
              <td className="num" data-label="Tokens">
                {formatNtk(p.tokens)}
              </td>
              <td className="num" data-label="of which bonus">
                {formatNtk(p.bonusTokens)}
              </td>
              <td data-label="Transaction">
                <TxLink hash={p.txHash} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
