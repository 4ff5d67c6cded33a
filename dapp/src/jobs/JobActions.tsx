import { finalizeJob, settle } from '@neuromation/sdk'
import { useAccount } from 'wagmi'
import { TxStatus } from '../components/TxStatus'
import { useContractWrite } from '../hooks/useContractWrite'
import { describeJobError } from './describeJobError'
import { jobReadiness, type ReadinessAssignment, type ReadinessJob } from './jobReadiness'

/**
 * The permissionless calls that move a job to its end, for anyone on the page: "Settle" pays the
 * assignments whose results are final (executors settle their own too, so this is for when they
 * do not), "Finalize job" makes the job terminal and credits the requester what is left of the
 * escrow. Shown only when the chain would take them; sent through the dApp's write hook (simulated
 * first, reverts worded).
 */
export function JobActions({
  job,
  assignments,
  now,
}: {
  job: ReadinessJob & { id: bigint }
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
  const { settleable, finalizable } = jobReadiness(job, assignments, now)
  const settling = settleTx.status.step !== 'idle'
  const finalizing = finalizeTx.status.step !== 'idle'
  if (settleable.length === 0 && !finalizable && !settling && !finalizing) return null
  const busy = settleTx.busy || finalizeTx.busy
  return (
    <div className="form" data-testid="job-actions">
      {(settleable.length > 0 || settling) && (
        <>
          <p className="small">
            {settleable.length > 0
              ? `${settleable.length} result${settleable.length === 1 ? ' is' : 's are'} final and unpaid: anyone can settle ${settleable.length === 1 ? 'it' : 'them'} (the executor is paid, the fee goes to the treasury and the burn vault).`
              : 'Settlement sent.'}
          </p>
          {settleable.length > 0 && (
            <button
              type="button"
              className="button"
              disabled={!address || busy}
              onClick={() => void settleTx.write({ assignmentIds: settleable })}
            >
              {address ? `Settle ${settleable.length} result${settleable.length === 1 ? '' : 's'}` : 'Connect a wallet to settle'}
            </button>
          )}
          <TxStatus status={settleTx.status} successText="Settled: the executors' earnings are credited." />
        </>
      )}
      {(finalizable || finalizing) && (
        <>
          <p className="small">
            {finalizable
              ? 'Nothing is in flight: anyone can finalize the job, which credits the requester with what is left of the escrow.'
              : 'Finalizing sent.'}
          </p>
          {finalizable && (
            <button
              type="button"
              className="button"
              disabled={!address || busy}
              onClick={() => void finalizeTx.write({ jobId: job.id })}
            >
              {address ? 'Finalize job' : 'Connect a wallet to finalize'}
            </button>
          )}
          <TxStatus status={finalizeTx.status} successText="Job finalized: the refund is credited to the requester." />
        </>
      )}
    </div>
  )
}
