import type { BurnEpoch } from '../hooks/useBurnSchedule'
import { formatBps, formatDateTime, formatNtk } from '../lib/format'
import { DataTable } from './DataTable'

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
  const statusOf = (e: BurnEpoch) => {
    const due = now !== undefined && e.time <= now
    return e.executed ? 'Executed' : e.index === nextEpoch && due ? 'Due now' : due ? 'Due (after earlier epochs)' : 'Scheduled'
  }
  return (
    <DataTable
      label="Burn epochs"
      rows={epochs}
      rowKey={(e) => e.index}
      rowClassName={(e) => (!e.executed && e.index === nextEpoch ? 'active' : undefined)}
      rowTestId={(e) => `epoch-row-${e.index + 1}`}
      columns={[
        { label: 'Epoch', cell: (e) => e.index + 1 },
        { label: 'Due', cell: (e) => formatDateTime(e.time) },
        { label: 'Rate', numeric: true, cell: (e) => formatBps(e.rateBps) },
        {
          label: 'Target',
          numeric: true,
          cell: (e) =>
            e.executed ? (
              formatNtk(e.target, 0)
            ) : e.index === nextEpoch && projectedTarget !== undefined ? (
              <span className="muted">≈ {formatNtk(projectedTarget, 0)}</span>
            ) : (
              '—'
            ),
        },
        { label: 'Burned', numeric: true, cell: (e) => (e.executed ? formatNtk(e.burned, 0) : '—') },
        {
          label: 'Owed after',
          numeric: true,
          title: 'Shortfall owed in total after the epoch; burned once the vault is funded',
          cell: (e) => {
            const owed = e.executed ? owedAfter?.get(e.index) : undefined
            return owed === undefined ? '—' : formatNtk(owed, 0)
          },
        },
        {
          label: 'Status',
          cell: (e) => {
            const status = statusOf(e)
            const tone = e.executed ? 'pill-success' : status === 'Due now' ? 'pill-warning' : 'pill-neutral'
            return <span className={`pill ${tone}`}>{status}</span>
          },
        },
      ]}
    />
  )
}
