import type { SaleState } from '../hooks/useSale'
import { formatBps, formatDateTime, formatEth } from '../lib/format'
import { saleWeek, weekBonusesBps } from '../lib/saleTimeline'
import { tierLimitReason } from '../lib/tierLimitReason'

/**
 * The two bonus schemes: presale volume tiers (highlighting the tier the entered amount reaches,
 * greying out those the connected buyer's voucher limit puts out of reach) and public-sale weekly
 * bonuses (highlighting the current week).
 */
export function BonusTables({
  sale,
  now,
  amountWei,
  limit,
}: {
  sale: SaleState
  now: number | undefined
  amountWei: bigint | undefined
  /** The connected buyer's voucher limit and what is left of it; undefined without a voucher. */
  limit?: { limitWei: bigint; remainingWei: bigint }
}) {
  // Tiers apply to purchases strictly above their threshold; the highest matching tier wins.
  const activeTier =
    sale.phase === 'Presale' && amountWei !== undefined
      ? sale.tiers.reduce((found, tier, i) => (amountWei > tier.minWei ? i : found), -1)
      : -1
  // Only while a presale purchase can still be made: afterwards the tiers are history.
  const tierLimit = sale.phase === 'BeforePresale' || sale.phase === 'Presale' ? limit : undefined
  const week = sale.phase === 'Sale' && now !== undefined ? saleWeek(sale.schedule, now) : undefined
  const { schedule } = sale

  return (
    <section className="card" aria-labelledby="bonus-heading">
      <h2 id="bonus-heading">Bonuses</h2>
      <h3 className="table-title">
        Presale volume bonus{' '}
        <span className="muted">
          {formatDateTime(schedule.presaleStart)} → {formatDateTime(schedule.presaleEnd)}
        </span>
      </h3>
      <table className="table" aria-label="Presale volume tiers">
        <thead>
          <tr>
            <th scope="col">Purchase above</th>
            <th scope="col" className="num">
              Bonus
            </th>
          </tr>
        </thead>
        <tbody>
          {sale.tiers.map((tier, i) => {
            const unreachable = tierLimitReason(tier.minWei, tierLimit)
            return (
              <tr
                key={tier.minWei.toString()}
                className={i === activeTier ? 'active' : unreachable ? 'unreachable' : undefined}
                aria-current={i === activeTier ? 'true' : undefined}
                data-testid={`tier-${i}`}
              >
                <td>
                  {formatEth(tier.minWei, 0)}
                  {unreachable && <span className="tier-reason">{unreachable}</span>}
                </td>
                <td className="num">+{formatBps(tier.bonusBps)}</td>
              </tr>
            )
          })}
          {sale.tiers.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No presale volume tiers.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h3 className="table-title">
        Public sale time bonus{' '}
        <span className="muted">
          {formatDateTime(schedule.saleStart)} → {formatDateTime(sale.endTime)}
        </span>
      </h3>
      <table className="table" aria-label="Public sale weekly bonus">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">From</th>
            <th scope="col" className="num">
              Bonus
            </th>
          </tr>
        </thead>
        <tbody>
          {[...weekBonusesBps, 0].map((bps, i) => {
            const active = week !== undefined && (i < weekBonusesBps.length ? week === i : week >= i)
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the row's index is its week, a fixed schedule
              <tr key={i} className={active ? 'active' : undefined} aria-current={active ? 'true' : undefined}>
                <td>{i < weekBonusesBps.length ? `Week ${i + 1}` : 'Afterwards'}</td>
                <td>{formatDateTime(schedule.saleStart + i * schedule.weekLength)}</td>
                <td className="num">{bps ? `+${formatBps(bps)}` : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {schedule.weekLength !== 604_800 && (
        <p className="muted small">A bonus “week” lasts {schedule.weekLength / 3_600} h on this deployment.</p>
      )}
    </section>
  )
}
