import { burnScheduleAbi } from '@neuromation/sdk'
import { useAccount, useReadContract } from 'wagmi'
import { useApp } from '../AppContext'
import type { BurnScheduleState } from '../hooks/useBurnSchedule'
import { useExecuteEpoch } from '../hooks/useExecuteEpoch'
import { formatNtk } from '../lib/format'
import { Countdown } from './Countdown'
import { EpochsTable } from './EpochsTable'
import { Notice } from './Notice'
import { TxStatus } from './TxStatus'

/** The burn schedule's epochs, the next burn's countdown, and the button that executes a due epoch. */
export function ExecuteEpochCard({ schedule, now }: { schedule: BurnScheduleState; now: number | undefined }) {
  const { deployment } = useApp()
  const { address } = useAccount()
  const run = useExecuteEpoch(address)
  const next = schedule.epochs[schedule.nextEpoch]
  const target = useReadContract({
    address: deployment.contracts.BurnSchedule,
    abi: burnScheduleAbi,
    functionName: 'targetOf',
    args: [BigInt(schedule.nextEpoch)],
    query: { enabled: Boolean(next) },
  })
  const due = next !== undefined && now !== undefined && next.time <= now

  return (
    <section className="card" aria-labelledby="epochs-heading">
      <div className="card-head">
        <h2 id="epochs-heading">Burn epochs</h2>
        {next && !due && <Countdown label={`Epoch ${next.index + 1} in`} target={next.time} now={now} />}
      </div>
      <EpochsTable epochs={schedule.epochs} nextEpoch={schedule.nextEpoch} now={now} projectedTarget={target.data} />

      <div className="execute">
        {next ? (
          <>
            <p className="muted small">
              Anyone may execute a due epoch. It burns {next.rateBps / 100}% of the supply at execution
              {target.data !== undefined && <> (≈ {formatNtk(target.data, 0)})</>} from the vault, as far as the vault
              holds ({formatNtk(schedule.vaultBalance, 0)}); any shortfall is recorded.
            </p>
            {address ? (
              <button type="button" className="button button-primary" disabled={!due || run.busy} onClick={() => void run.execute(next.index)}>
                {run.busy ? 'Executing…' : `Execute epoch ${next.index + 1}`}
              </button>
            ) : (
              <p className="muted small">Connect a wallet to execute a due epoch.</p>
            )}
          </>
        ) : (
          <Notice tone="success" title="Schedule complete">
            Every burn epoch has been executed.
          </Notice>
        )}
        {run.outcome && (
          <Notice tone="success" title={`Epoch ${run.outcome.epoch + 1} executed`}>
            <p data-testid="epoch-outcome">
              Burned {formatNtk(run.outcome.burned, 0)} of a {formatNtk(run.outcome.target, 0)} target
              {run.outcome.shortfall > 0n ? ` (shortfall ${formatNtk(run.outcome.shortfall, 0)})` : ''}. Total supply is now{' '}
              {formatNtk(run.outcome.totalSupplyAfter, 0)}.
            </p>
          </Notice>
        )}
        {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
      </div>
    </section>
  )
}
