/** A job's status (IJobMarket.JobStatus name) as a coloured pill; a cancelled job not yet finalized (work may be in flight) says so. */
export function JobStatusPill({ status, cancelled = false }: { status: string; cancelled?: boolean }) {
  const tone = status === 'Completed' ? 'pill-success' : status === 'Open' ? 'pill-warning' : 'pill-neutral'
  return <span className={`pill ${tone}`}>{status === 'Open' && cancelled ? 'Open · cancelled' : status}</span>
}
