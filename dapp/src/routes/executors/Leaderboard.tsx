import type { Address } from 'viem'
import { formatNtk, shortAddress } from '../../lib/format'
import type { LeaderboardRow } from './useLeaderboard'

/** Wei of NTK per compute unit per price tick (IJobMarket.PRICE_TICK). */
const PRICE_TICK = 10n ** 9n
/** Prices read best per million compute units: one tick is 0.001 NTK per million units. */
const UNITS_SHOWN = 1_000_000n

export const formatAskPrice = (priceTick: number) => `${formatNtk(BigInt(priceTick) * PRICE_TICK * UNITS_SHOWN, 3)} / M units`

/** The executors' standings: stake, outcomes, slashes, earnings, and what their ask offers. */
export function Leaderboard({ rows, me }: { rows: LeaderboardRow[]; me?: Address }) {
  if (rows.length === 0) return <p className="empty">No executor has registered yet.</p>
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label="Executors">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Executor</th>
            <th scope="col" className="num">
              Stake
            </th>
            <th scope="col" className="num">
              Completed
            </th>
            <th scope="col" className="num">
              Failed
            </th>
            <th scope="col" className="num">
              Slashes
            </th>
            <th scope="col" className="num">
              Earnings
            </th>
            <th scope="col" className="num">
              Ask
            </th>
            <th scope="col" className="num">
              Capacity
            </th>
            <th scope="col" className="num">
              Throughput
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const mine = me !== undefined && row.address.toLowerCase() === me.toLowerCase()
            return (
              <tr key={row.address} className={mine ? 'active' : undefined} data-testid={`executor-${row.address}`}>
                <td data-label="#">{i + 1}</td>
                <td data-label="Executor">
                  <code className="mono" title={row.address}>
                    {shortAddress(row.address)}
                  </code>
                  {row.accelerator && <span className="tag">{row.accelerator}</span>}
                  {mine && <span className="tag">you</span>}
                </td>
                <td className="num" data-label="Stake" title={`${formatNtk(row.locked)} locked by assignments`}>
                  {formatNtk(row.stake, 0)}
                </td>
                <td className="num" data-label="Completed">
                  {row.tasksCompleted.toLocaleString('en-US')}
                </td>
                <td className="num" data-label="Failed">
                  {row.tasksFailed.toLocaleString('en-US')}
                </td>
                <td className="num" data-label="Slashes" title={row.timesSlashed > 0n ? formatNtk(row.amountSlashed) : undefined}>
                  {row.timesSlashed.toLocaleString('en-US')}
                </td>
                <td className="num" data-label="Earnings">
                  {formatNtk(row.earnings)}
                </td>
                <td className="num" data-label="Ask">
                  {row.askPriceTick === null ? <span className="muted">no ask</span> : formatAskPrice(row.askPriceTick)}
                </td>
                <td className="num" data-label="Capacity">
                  {row.askCapacity === null ? '—' : `${row.askCapacity} tasks`}
                </td>
                <td className="num" data-label="Throughput">
                  {row.computeUnitsPerSecond === null ? '—' : `${row.computeUnitsPerSecond.toLocaleString('en-US')} units/s`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
