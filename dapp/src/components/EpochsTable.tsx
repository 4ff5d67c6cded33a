import type { BurnEpoch } from '../hooks/useBurnSchedule'
import { formatBps, formatDateTime, formatNtk } from '../lib/format'

/**
 * Every burn epoch: when it is due, its rate, and (once executed) target, burned (earlier
 * shortfall included: an epoch pays what is owed first) and what stayed owed in total after it.
 */
export function EpochsTable({
  epochs,
  nextEpoch,
  now,
  projectedTarget,
  owedAfter,
}: {
  epochs: BurnEpoch[]
  nextEpoch: number
  now: number | undefined
  projectedTarget: bigint | undefined
  /**
   * What stayed owed after each executed epoch (EpochExecuted.shortfall, from the indexer). The
   * chain's epoch records cannot tell it once a later settlement burned part of it.
   */
  owedAfter?: ReadonlyMap<number, bigint>
}) {
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label="Burn epochs">
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              Burned
            </th>
            <th scope="col" className="num" title="Shortfall owed in total after the epoch; burned once the vault is funded">
              Owed after
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => {
            const due = now !== undefined && e.time <= now
            const status = e.executed
              ? 'Executed'
              : e.index === nextEpoch && due
                ? 'Due now'
                : due
                  ? 'Due (after earlier epochs)'
                  : 'Scheduled'
            return (
              <tr
                key={e.index}
                className={!e.executed && e.index === nextEpoch ? 'active' : undefined}
                data-testid={`epoch-row-${e.index + 1}`}
              >
                <td data-label="Epoch">{e.index + 1}</td>
                <td data-label="Due">{formatDateTime(e.time)}</td>
                <td className="num" data-label="Rate">
                  {formatBps(e.rateBps)}
                </td>
                <td className="num" data-label="Target">
                  {e.executed ? (
                    formatNtk(e.target, 0)
                  ) : e.index === nextEpoch && projectedTarget !== undefined ? (
                    <span className="muted">≈ {formatNtk(projectedTarget, 0)}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num" data-label="Burned">
                  {e.executed ? formatNtk(e.burned, 0) : '—'}
                </td>
                <td className="num" data-label="Owed after">
                  {e.executed && owedAfter?.has(e.index) ? formatNtk(owedAfter.get(e.index)!, 0) : '—'}
                </td>
                <td data-label="Status">
                  <span
                    className={`pill ${e.executed ? 'pill-success' : status === 'Due now' ? 'pill-warning' : 'pill-neutral'}`}
                  >
                    {status}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
