import { cancelJob, finalizeJob, reclaim, settle } from '@neuromation/sdk'
import { useAccount } from 'wagmi'
import { TxStatus } from '../components/TxStatus'
import { useContractWrite } from '../hooks/useContractWrite'
import { describeJobError } from './describeJobError'
import { jobReadiness, type ReadinessAssignment, type ReadinessJob } from './jobReadiness'

/**
 * The calls that move a job to its end. For anyone on the page (permissionless): "Settle" pays the
 * assignments whose results are final (executors settle their own too, so this is for when they
 * do not), "Finalize job" makes the job terminal and credits the requester what is left of the
 * escrow. For the requester only: "Cancel job" stops new assignments (a job no executor takes
 * would otherwise hold its escrow until its deadline). "Reclaim" (anyone) ends an assignment whose
 * executor let its deadline pass without a result, so its tasks go to another executor (the
 * executor daemons reclaim too; this is for when none has). Shown only when the chain would take them;
 * sent through the dApp's write hook (simulated first, reverts worded).
 */
export function JobActions({
  job,
  assignments,
  now,
}: {
  job: ReadinessJob & { id: bigint; requester: string }
  assignments: ReadinessAssignment[]
  now: number
}) {
  const { address } = useAccount()
  const settleTx = useContractWrite(settle, {
    revertedMessage: 'The settlement was mined but reverted: nothing was paid.',
    describeFailure: describeJobError,
  })
  const finalizeTx = useContractWrite(finalizeJob, {
    revertedMessage: 'Finalizing was mined but reverted: the job is unchanged.',
    describeFailure: describeJobError,
  })
  const cancelTx = useContractWrite(cancelJob, {
    revertedMessage: 'The cancellation was mined but reverted: the job is unchanged.',
    describeFailure: describeJobError,
  })
  const reclaimTx = useContractWrite(reclaim, {
    revertedMessage: 'The reclaim was mined but reverted: the assignment is unchanged.',
    describeFailure: describeJobError,
  })
  const { settleable, reclaimable, finalizable } = jobReadiness(job, assignments, now)
  const reclaiming = reclaimTx.status.step !== 'idle'
  const settling = settleTx.status.step !== 'idle'
  const finalizing = finalizeTx.status.step !== 'idle'
  const cancelling = cancelTx.status.step !== 'idle'
  const isRequester = address !== undefined && address.toLowerCase() === job.requester.toLowerCase()
  // Only while tasks wait for executors: with every task assigned there is nothing to stop.
  const cancellable = isRequester && job.status === 'Open' && !job.cancelled && job.tasksUnassigned > 0
  if (
    settleable.length === 0 &&
    reclaimable.length === 0 &&
    !finalizable &&
    !cancellable &&
    !settling &&
    !finalizing &&
    !cancelling &&
    !reclaiming
  )
    return null
  const busy = settleTx.busy || finalizeTx.busy || cancelTx.busy || reclaimTx.busy
  return (
    <div className="form" data-testid="job-actions">
      {(cancellable || cancelling) && (
        <ActionBlock
          offered={cancellable}
          explanation={`You posted this job: cancel it to stop new assignments (${job.tasksUnassigned} task${job.tasksUnassigned === 1 ? ' waits' : 's wait'} for executors). Tasks already assigned run to their end and are paid; then finalize the job to get the rest of the escrow back.`}
          sentText="Cancellation sent."
          button="Cancel job"
          ghost
          disabled={busy}
          onClick={() => void cancelTx.write({ jobId: job.id })}
          status={cancelTx.status}
          successText="Job cancelled: no new assignments. Finalize it once nothing is in flight to get the rest of the escrow back."
        />
      )}
      {(reclaimable.length > 0 || reclaiming) && (
        <ActionBlock
          offered={reclaimable.length > 0}
          explanation={`Assignment ${reclaimable.map(String).join(', ')} passed ${reclaimable.length === 1 ? 'its' : 'their'} deadline without a result: anyone can reclaim ${reclaimable.length === 1 ? 'it' : 'them'}. The tasks go back to the book for another executor; the late executor loses its collateral to the market's fees.`}
          sentText="Reclaim sent."
          button={
            address
              ? `Reclaim assignment ${reclaimable[0]}${reclaimable.length > 1 ? ` (1 of ${reclaimable.length})` : ''}`
              : 'Connect a wallet to reclaim'
          }
          disabled={!address || busy}
          onClick={() => void reclaimTx.write({ assignmentId: reclaimable[0] })}
          status={reclaimTx.status}
          successText="Reclaimed: its tasks are back in the book for another executor."
        />
      )}
      {(settleable.length > 0 || settling) && (
        <ActionBlock
          offered={settleable.length > 0}
          explanation={`${settleable.length} result${settleable.length === 1 ? ' is' : 's are'} final and unpaid: anyone can settle ${settleable.length === 1 ? 'it' : 'them'} (the executor is paid, the fee goes to the treasury and the burn vault).`}
          sentText="Settlement sent."
          button={
            address ? `Settle ${settleable.length} result${settleable.length === 1 ? '' : 's'}` : 'Connect a wallet to settle'
          }
          disabled={!address || busy}
          onClick={() => void settleTx.write({ assignmentIds: settleable })}
          status={settleTx.status}
          successText="Settled: the executors' earnings are credited."
        />
      )}
      {(finalizable || finalizing) && (
        <ActionBlock
          offered={finalizable}
          explanation="Nothing is in flight: anyone can finalize the job, which credits the requester with what is left of the escrow."
          sentText="Finalizing sent."
          button={address ? 'Finalize job' : 'Connect a wallet to finalize'}
          disabled={!address || busy}
          onClick={() => void finalizeTx.write({ jobId: job.id })}
          status={finalizeTx.status}
          successText="Job finalized: any escrow it still held is now in the requester's market credits."
        />
      )}
    </div>
  )
}

/** One call the page offers: why, its button while the chain would take it, and its transaction's progress. */
function ActionBlock(props: {
  offered: boolean
  explanation: string
  sentText: string
  button: string
  ghost?: boolean
  disabled: boolean
  onClick: () => void
  status: Parameters<typeof TxStatus>[0]['status']
  successText: string
}) {
  return (
    <>
      {/* Once confirmed, the outcome below says it all: "sent" above it would read as still pending. */}
      {(props.offered || props.status.step !== 'confirmed') && (
        <p className="small">{props.offered ? props.explanation : props.sentText}</p>
      )}
      {props.offered && (
        <button
          type="button"
          className={props.ghost ? 'button button-ghost' : 'button'}
          disabled={props.disabled}
          onClick={props.onClick}
        >
          {props.button}
        </button>
      )}
      <TxStatus status={props.status} successText={props.successText} />
    </>
  )
}
