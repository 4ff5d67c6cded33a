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

/** `shortfall` is what stays owed in total afterwards (earlier epochs' unpaid part included). */
type EpochOutcome = { epoch: number; target: bigint; burned: bigint; shortfall: bigint; totalSupplyAfter: bigint }
/** A settleShortfall's outcome: `shortfall` is what stays owed afterwards. */
type SettleOutcome = { burned: bigint; shortfall: bigint; totalSupplyAfter: bigint }

/**
 * The burn schedule's epochs, the next burn's countdown, the button that executes a due epoch,
 * and, while a shortfall is owed and the vault holds NTK, the button that burns what is owed.
 */
export function ExecuteEpochCard({
  schedule,
  now,
  owedAfter,
}: {
  schedule: BurnScheduleState
  now: number | undefined
  /** Indexed EpochExecuted.shortfall per executed epoch (what stayed owed after it), when available. */
  owedAfter?: ReadonlyMap<number, bigint>
}) {
  const { address } = useAccount()
  const burnSchedule = useAppContract('BurnSchedule')
  const run = useContractWrite(executeBurnEpoch, {
    revertedMessage: 'The transaction was mined but reverted; nothing was burned.',
  })
  const settle = useContractWrite('BurnSchedule', 'settleShortfall', {
    revertedMessage: 'The transaction was mined but reverted; nothing was burned.',
  })
  const [outcome, setOutcome] = useState<EpochOutcome>()
  const [settled, setSettled] = useState<SettleOutcome>()
  const settleOwed = async () => {
    setSettled(undefined)
    const receipt = await settle.write({})
    if (receipt?.status !== 'success') return
    const [event] = parseEventLogs({ abi: burnSchedule.abi, eventName: 'ShortfallSettled', logs: receipt.logs })
    if (event) setSettled(event.args)
  }
  const execute = async (epoch: number) => {
    setOutcome(undefined)
    setSettled(undefined)
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
  const owed = schedule.shortfall
  // settleShortfall burns what is owed as far as the vault holds.
  // biome-ignore lint/complexity/useMathMinMax: bigints; Math.min does not take them.
  const settleable = schedule.vaultBalance < owed ? schedule.vaultBalance : owed

  return (
    <section className="card" aria-labelledby="epochs-heading">
      <div className="card-head">
        <h2 id="epochs-heading">Burn epochs</h2>
        {next && !due && <Countdown label={`Epoch ${next.index + 1} in`} target={next.time} now={now} />}
      </div>
      <EpochsTable
        epochs={schedule.epochs}
        nextEpoch={schedule.nextEpoch}
        now={now}
        projectedTarget={target.data}
        owedAfter={owedAfter}
      />

      {owed > 0n && (
        <Notice tone="warning" title={`${formatNtk(owed, 0)} still owed to the burn`}>
          <p data-testid="shortfall-owed">
            Executed epochs burned less than their targets because the vault ran short. The difference is not lost: it stays owed
            and is burned first, from the next funding of the vault, by the next epoch or by anyone with the button below.
          </p>
          {schedule.vaultBalance > 0n ? (
            address ? (
              <button type="button" className="button" disabled={settle.busy} onClick={() => void settleOwed()}>
                {settle.busy ? 'Burning…' : `Burn what is owed (${formatNtk(settleable, 0)})`}
              </button>
            ) : (
              <p className="muted small">Connect a wallet to burn what is owed from the vault.</p>
            )
          ) : (
            <p className="muted small">The vault is empty: funding it lets anyone burn what is owed.</p>
          )}
        </Notice>
      )}
      {settled && (
        <Notice tone="success" title="Shortfall burned">
          <p data-testid="settle-outcome">
            Burned {formatNtk(settled.burned, 0)}
            {settled.shortfall > 0n ? `; ${formatNtk(settled.shortfall, 0)} is still owed` : '; nothing is owed now'}. Total
            supply is now {formatNtk(settled.totalSupplyAfter, 0)}.
          </p>
        </Notice>
      )}
      {settle.status.step !== 'confirmed' && <TxStatus status={settle.status} successText="" />}

      <div className="execute">
        {next ? (
          <>
            <p className="muted small">
              Anyone may execute a due epoch. It burns {next.rateBps / 100}% of the supply at execution
              {target.data !== undefined && <> (≈ {formatNtk(target.data, 0)})</>} from the vault, as far as the vault holds (
              {formatNtk(schedule.vaultBalance, 0)}), paying what earlier epochs still owe first. What the vault cannot cover
              stays owed and is burned once the vault is funded.
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
              {outcome.burned > outcome.target ? ' and earlier shortfall' : ''}
              {outcome.shortfall > 0n ? ` (${formatNtk(outcome.shortfall, 0)} still owed, burned once the vault is funded)` : ''}.
              Total supply is now {formatNtk(outcome.totalSupplyAfter, 0)}.
            </p>
          </Notice>
        )}
        {run.status.step !== 'confirmed' && <TxStatus status={run.status} successText="" />}
      </div>
    </section>
  )
}
