/** A job's status (IJobMarket.JobStatus name) as a coloured pill. */
export function JobStatusPill({ status }: { status: string }) {
  const tone = status === 'Completed' ? 'pill-success' : status === 'Open' ? 'pill-warning' : 'pill-neutral'
  return <span className={`pill ${tone}`}>{status}</span>
}
