/**
 * A job's status (IJobMarket.JobStatus name) as a coloured pill. While the chain still says Open,
 * the pill says what a requester wants to know: a cancelled job may have work in flight, and a job
 * whose every task is accepted and paid only waits for someone to finalize it (a permissionless
 * call that closes it and credits any escrow left).
 */
export function JobStatusPill({
  job,
}: {
  job: { status: string; cancelled: boolean; tasksAccepted: number; taskCount: number; openAssignments: number }
}) {
  const { status, cancelled } = job
  const allPaid = job.tasksAccepted >= job.taskCount && job.openAssignments === 0
  if (status === 'Open' && allPaid) {
    return (
      <span className="pill pill-success" title="Every task is accepted and paid; finalizing the job closes it">
        Done · not finalized
      </span>
    )
  }
  const tone = status === 'Completed' ? 'pill-success' : status === 'Open' ? 'pill-warning' : 'pill-neutral'
  return <span className={`pill ${tone}`}>{status === 'Open' && cancelled ? 'Open · cancelled' : status}</span>
}
