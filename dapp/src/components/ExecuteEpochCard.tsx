import { executeBurnEpoch } from '@neuromation/sdk'
import { useState } from 'react'
import { parseEventLogs } from 'viem'
import { useAccount, useReadContract } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'
import type { BurnScheduleState } from '../hooks/useBurnSchedule'
import { useContractWrite } from '../hooks/useContractWrite'
import { formatNtk } from '../lib/format'
import { Countdown } from './Countdown'
import { EpochsTable } from './EpochsTable'
import { Notice } from './Notice'
import { TxStatus } from './TxStatus'

type EpochOutcome = { epoch: number; target: bigint; burned: bigint; shortfall: bigint; totalSupplyAfter: bigint }

/** The burn schedule's epochs, the next burn's countdown, and the button that executes a due epoch. */
export function ExecuteEpochCard({ schedule, now }: { schedule: BurnScheduleState; now: number | undefined }) {
  const { address } = useAccount()
  const burnSchedule = useAppContract('BurnSchedule')
  const run = useContractWrite(executeBurnEpoch, {
    revertedMessage: 'The transaction was mined but reverted; nothing was burned.',
  })
  const [outcome, setOutcome] = useState<EpochOutcome>()
  const execute = async (epoch: number) => {
    setOutcome(undefined)
    const receipt = await run.write({ epoch: BigInt(epoch) })
    if (receipt?.status !== 'success') return
    // What was burned comes from the EpochExecuted event: the vault may have covered less than the target.
    const [event] = parseEventLogs({ abi: burnSchedule.abi, eventName: 'EpochExecuted', logs: receipt.logs })
    if (event) {
      const { target, burned, shortfall, totalSupplyAfter } = event.args
      setOutcome({ epoch: Number(event.args.epoch), target, burned, shortfall, totalSupplyAfter })
    }
  }
  const next = schedule.epochs[schedule.nextEpoch]
  const target = useReadContract({
    ...burnSchedule,
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
              {target.data !== undefined && <> (≈ {formatNtk(target.data, 0)})</>} from the vault, as far as the vault holds (
              {formatNtk(schedule.vaultBalance, 0)}); any shortfall is recorded.
            </p>
            {address ? (
              <button
                type="button"
                className="button button-primary"
                disabled={!due || run.busy}
                onClick={() => void execute(next.index)}
              >
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
        {outcome && (
          <Notice tone="success" title={`Epoch ${outcome.epoch + 1} executed`}>
            <p data-testid="epoch-outcome">
              Burned {formatNtk(outcome.burned, 0)} of a {formatNtk(outcome.target, 0)} target
              {outcome.shortfall > 0n ? ` (shortfall ${formatNtk(outcome.shortfall, 0)})` : ''}. Total supply is now{' '}
              {formatNtk(outcome.totalSupplyAfter, 0)}.
            </p>
          </Notice>
        )}
        {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
      </div>
    </section>
  )
}
