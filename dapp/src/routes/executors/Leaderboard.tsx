import type { Address } from 'viem'
import { type Column, DataTable } from '../../components/DataTable'
import { formatAskPrice, formatCost } from '../../jobs/formatCost'
import type { ExecutorName } from '../../jobs/useExecutorNames'
import { formatNtk, shortAddress } from '../../lib/format'
import type { LeaderboardRow } from './useLeaderboard'

const count = (n: bigint | number) => n.toLocaleString('en-US')

/** The executors' standings: stake, outcomes, slashes, earnings, and what their ask offers. */
export function Leaderboard({
  rows,
  me,
  names,
}: {
  rows: LeaderboardRow[]
  me?: Address
  /** Metadata names by lower-case address (useExecutorNames). */
  names: Map<string, ExecutorName>
}) {
  if (rows.length === 0) return <p className="empty">No executor has registered yet.</p>
  const isMe = (row: LeaderboardRow) => me !== undefined && row.address.toLowerCase() === me.toLowerCase()
  const columns: Column<LeaderboardRow>[] = [
    { label: '#', cell: (_, i) => i + 1 },
    {
      label: 'Executor',
      cell: (row) => {
        const name = names.get(row.address.toLowerCase()) ?? { kind: 'loading' }
        return (
          <div className="executor-id">
            {name.kind === 'named' ? (
              <span className="executor-name" title={name.name} data-testid="executor-name">
                {name.name}
              </span>
            ) : name.kind === 'unnamed' ? (
              <span className="muted small" title={`No name: ${name.reason}`} data-testid="executor-name">
                unnamed node
              </span>
            ) : null}
            <span>
              <code className="mono" title={row.address}>
                {shortAddress(row.address)}
              </code>
              {row.accelerator && <span className="tag">{row.accelerator}</span>}
              {isMe(row) && <span className="tag">you</span>}
            </span>
          </div>
        )
      },
    },
    {
      label: 'Stake',
      numeric: true,
      cell: (row) => formatNtk(row.stake, 0),
      cellTitle: (row) => `${formatNtk(row.locked)} locked by assignments`,
    },
    { label: 'Completed', numeric: true, cell: (row) => count(row.tasksCompleted) },
    { label: 'Failed', numeric: true, cell: (row) => count(row.tasksFailed) },
    {
      label: 'Slashes',
      numeric: true,
      cell: (row) => count(row.timesSlashed),
      cellTitle: (row) => (row.timesSlashed > 0n ? formatCost(row.amountSlashed) : undefined),
    },
    // Market amounts are often millionths of an NTK: formatCost keeps them from reading "0 NTK".
    { label: 'Earnings', numeric: true, cell: (row) => formatCost(row.earnings) },
    {
      label: 'Ask',
      numeric: true,
      cell: (row) => (row.askPriceTick === null ? <span className="muted">no ask</span> : formatAskPrice(row.askPriceTick)),
    },
    { label: 'Capacity', numeric: true, cell: (row) => (row.askCapacity === null ? '—' : `${row.askCapacity} tasks`) },
    {
      label: 'Throughput',
      numeric: true,
      cell: (row) => (row.computeUnitsPerSecond === null ? '—' : `${count(row.computeUnitsPerSecond)} units/s`),
    },
  ]
  return (
    <DataTable
      label="Executors"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.address}
      rowClassName={(row) => (isMe(row) ? 'active' : undefined)}
      rowTestId={(row) => `executor-${row.address}`}
    />
  )
}
