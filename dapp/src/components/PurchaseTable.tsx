import type { IndexedPurchase } from '../hooks/usePurchases'
import { formatAgo, formatEth, formatNtk, shortAddress } from '../lib/format'
import { DataTable } from './DataTable'
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
    <DataTable
      label={label}
      rows={purchases}
      rowKey={(p) => p.id}
      rowClassName={(p) => (highlight && p.txHash.toLowerCase() === highlight.toLowerCase() ? 'fresh' : undefined)}
      columns={[
        { label: 'When', cell: (p) => (now === undefined ? '' : formatAgo(Number(p.timestamp), now)) },
        showBuyer && {
          label: 'Buyer',
          cell: (p) => (
            <code className="mono" title={p.beneficiary}>
              {shortAddress(p.beneficiary)}
            </code>
          ),
        },
        { label: 'Phase', cell: (p) => (p.phase === 'Sale' ? 'Public sale' : p.phase) },
        { label: 'Paid', numeric: true, cell: (p) => formatEth(p.weiAccepted) },
        { label: 'Tokens', numeric: true, cell: (p) => formatNtk(p.tokens) },
        { label: 'of which bonus', numeric: true, cell: (p) => formatNtk(p.bonusTokens) },
        { label: 'Transaction', cell: (p) => <TxLink hash={p.txHash} /> },
      ]}
    />
  )
}
