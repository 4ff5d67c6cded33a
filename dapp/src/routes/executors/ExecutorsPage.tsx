import { useState } from 'react'
import { useAccount } from 'wagmi'
import { Notice } from '../../components/Notice'
import { Skeleton } from '../../components/Skeleton'
import { Stat } from '../../components/Stat'
import { formatAskPrice } from '../../jobs/formatCost'
import { useExecutorNames } from '../../jobs/useExecutorNames'
import { formatNtk } from '../../lib/format'
import { Leaderboard } from './Leaderboard'
import { MyNodeCard } from './MyNodeCard'
import { type LeaderboardSort, leaderboardSorts, useLeaderboard } from './useLeaderboard'
import './executors.css'

/** /executors: the executors' leaderboard and the connected wallet's own node. */
export function ExecutorsPage() {
  const { address } = useAccount()
  const [sort, setSort] = useState<LeaderboardSort>('stake')
  const board = useLeaderboard(sort)
  const rows = board.data ?? []
  const names = useExecutorNames(rows)
  const totalStake = rows.reduce((sum, row) => sum + row.stake, 0n)
  const prices = rows.flatMap((row) => (row.askPriceTick === null ? [] : [row.askPriceTick]))
  const capacity = rows.reduce((sum, row) => sum + (row.askCapacity ?? 0), 0)
  return (
    <div className="page">
      <section className="card" aria-labelledby="executors-heading">
        <div className="overview-head">
          <div>
            <h1 id="executors-heading">Executors</h1>
            <p className="muted">
              Nodes stake NTK and offer compute at a price. Jobs go to the cheapest asks first; stake backs every task as
              collateral, and a node that misses a deadline or is outvoted loses it.
            </p>
          </div>
        </div>
        <dl className="stats stats-wide">
          <Stat
            label="Executors"
            testId="executor-count"
            value={board.data ? rows.length.toLocaleString('en-US') : board.error ? '—' : <Skeleton />}
          />
          <Stat label="Total stake" value={board.data ? formatNtk(totalStake, 0) : board.error ? '—' : <Skeleton />} />
          <Stat
            label="Best GENERATE ask"
            testId="best-ask"
            value={
              board.data ? prices.length ? formatAskPrice(Math.min(...prices)) : 'no asks' : board.error ? '—' : <Skeleton />
            }
          />
          <Stat
            label="Capacity offered"
            value={board.data ? `${capacity.toLocaleString('en-US')} tasks` : board.error ? '—' : <Skeleton />}
          />
        </dl>
      </section>

      <MyNodeCard />

      <section className="card" aria-labelledby="leaderboard-heading">
        <div className="card-head">
          <h2 id="leaderboard-heading">Leaderboard</h2>
          <label className="inline-select">
            <span className="muted small">Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as LeaderboardSort)} aria-label="Sort executors by">
              {Object.entries(leaderboardSorts).map(([key, { label }]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {board.error && !board.data ? (
          <Notice tone="warning" title="Indexer unavailable">
            The leaderboard comes from the indexer, which cannot be reached right now ({board.error.message}). Your own node above
            is read straight from the chain.
          </Notice>
        ) : !board.data ? (
          <Skeleton />
        ) : (
          <Leaderboard rows={rows} me={address} names={names} />
        )}
      </section>
    </div>
  )
}
