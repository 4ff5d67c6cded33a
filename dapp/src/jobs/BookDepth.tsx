import { Skeleton } from '../components/Skeleton'
import { formatAskPrice } from './formatCost'
import { useBookDepth } from './useBookDepth'

/** The GENERATE ask book by price level; levels at or under `maxPriceTick` (what this job pays at most) are marked. */
export function BookDepth({ maxPriceTick }: { maxPriceTick?: number }) {
  const book = useBookDepth()
  if (book.error) return <p className="field-error">{book.error.message}</p>
  if (!book.data) return <Skeleton width="100%" />
  if (book.data.length === 0) return <p className="empty">No asks in the book: no executor offers GENERATE work now.</p>
  const widest = Math.max(...book.data.map((l) => l.capacity))
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label="Ask book">
        <thead>
          <tr>
            <th className="num">Price (ticks/unit)</th>
            <th className="num">Asks</th>
            <th className="num">Free slots</th>
            <th>Depth</th>
          </tr>
        </thead>
        <tbody>
          {book.data.map((level) => (
            <tr
              key={level.priceTick}
              className={maxPriceTick !== undefined && level.priceTick <= maxPriceTick ? 'jobs-level-in' : undefined}
            >
              <td data-label="Price (ticks/unit)" className="num" title={formatAskPrice(level.priceTick)}>
                {level.priceTick} <span className="muted small">· {formatAskPrice(level.priceTick)}</span>
              </td>
              <td data-label="Asks" className="num">
                {level.asks}
              </td>
              <td data-label="Free slots" className="num">
                {level.available} / {level.capacity}
              </td>
              <td data-label="Depth">
                <span className="jobs-bar" style={{ width: `${Math.round((level.capacity / widest) * 72)}px` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
