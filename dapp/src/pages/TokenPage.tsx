import { useApp } from '../AppContext'
import { BurnChart } from '../components/BurnChart'
import { Countdown } from '../components/Countdown'
import { ExecuteEpochCard } from '../components/ExecuteEpochCard'
import { Notice } from '../components/Notice'
import { Skeleton } from '../components/Skeleton'
import { Stat } from '../components/Stat'
import { TopHolders } from '../components/TopHolders'
import { useBurnSchedule } from '../hooks/useBurnSchedule'
import { useChainTime } from '../hooks/useChainTime'
import { useTokenIndex } from '../hooks/useTokenIndex'
import { describeReadError } from '../lib/describeReadError'
import { formatNtk } from '../lib/format'
import { supplyHistory } from '../lib/supplyHistory'

/** NTK: supply, burns, holders, and the burn schedule. */
export function TokenPage() {
  const { config, deployment } = useApp()
  const { now } = useChainTime()
  const schedule = useBurnSchedule()
  const index = useTokenIndex()

  if (schedule.error && !schedule.data) {
    return (
      <Notice tone="error" title="Cannot read the token from the chain">
        {describeReadError(schedule.error, config.rpcUrl)}
      </Notice>
    )
  }
  const s = schedule.data
  const next = s?.epochs[s.nextEpoch]
  const history = index.data
    ? supplyHistory(index.data.supplyPoints)
    : s
      ? [{ time: deployment.anchor, supply: s.genesisSupply }]
      : []

  return (
    <div className="page">
      <section className="card" aria-labelledby="token-heading">
        <div className="overview-head">
          <div>
            <h1 id="token-heading">NeuroToken (NTK)</h1>
            <p className="muted">A fixed supply minted once; scheduled buy-back-and-burn epochs take it down from there.</p>
          </div>
        </div>
        <dl className="stats stats-wide">
          <Stat label="Total supply" testId="total-supply" value={s ? formatNtk(s.totalSupply, 0) : <Skeleton />} />
          <Stat
            label="Burned"
            testId="total-burned"
            value={s ? formatNtk(s.genesisSupply - s.totalSupply, 0) : <Skeleton />}
            hint={s ? `of ${formatNtk(s.genesisSupply, 0)} minted` : undefined}
          />
          <Stat
            label="Holders"
            testId="holder-count"
            value={index.data?.stats ? index.data.stats.holderCount.toLocaleString('en-US') : index.error ? '—' : <Skeleton />}
          />
          <Stat label="Burn vault" testId="vault-balance" value={s ? formatNtk(s.vaultBalance, 0) : <Skeleton />} />
          <Stat
            label="Next burn"
            value={
              !s ? (
                <Skeleton />
              ) : next ? (
                <Countdown label={`Epoch ${next.index + 1}`} target={next.time} now={now} />
              ) : (
                'Schedule complete'
              )
            }
          />
        </dl>
      </section>

      {index.error && (
        <Notice tone="warning" title="Indexer unavailable">
          Holders and supply history cannot be loaded right now ({index.error.message}). Supply and the burn schedule come
          straight from the chain.
        </Notice>
      )}

      <section className="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">Burn schedule</h2>
        {s && now !== undefined ? (
          <BurnChart
            history={history}
            epochs={s.epochs}
            now={now}
            totalSupply={s.totalSupply}
            vaultBalance={s.vaultBalance}
            shortfall={s.shortfall}
            genesisSupply={s.genesisSupply}
          />
        ) : (
          <Skeleton width="100%" />
        )}
      </section>

      {s && <ExecuteEpochCard schedule={s} now={now} owedAfter={index.data?.owedAfter} />}

      <section className="card" aria-labelledby="holders-heading">
        <h2 id="holders-heading">Top holders</h2>
        {index.data ? (
          index.data.holders.length ? (
            <TopHolders holders={index.data.holders} totalSupply={s?.totalSupply ?? 0n} />
          ) : (
            <p className="empty">No holders indexed yet.</p>
          )
        ) : index.error ? (
          <p className="muted">Unavailable while the indexer is down.</p>
        ) : (
          <Skeleton width="100%" />
        )}
      </section>
    </div>
  )
}
