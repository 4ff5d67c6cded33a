import { Link } from 'react-router'
import { useAccount } from 'wagmi'
import { Notice } from '../../components/Notice'
import { Skeleton } from '../../components/Skeleton'
import { useChainTime } from '../../hooks/useChainTime'
import { formatCost } from '../../jobs/formatCost'
import { JobStatusPill } from '../../jobs/JobStatusPill'
import { jobPhase } from '../../jobs/jobPhase'
import { MarketCredits } from '../../jobs/MarketCredits'
import { useJobs } from '../../jobs/useJobs'
import { formatAgo } from '../../lib/format'
import '../../jobs/jobs.css'

/** /jobs: the market's jobs, newest first, with their progress and cost, and "Post a job". */
export function JobsPage() {
  const { address } = useAccount()
  const { now } = useChainTime()
  const jobs = useJobs({ limit: 50 })

  return (
    <div className="page jobs-page">
      <section className="card">
        <div className="card-head">
          <div>
            <h1>Jobs</h1>
            <p className="muted">GENERATE jobs on the compute market: a generator run into dataset shards by staked executors.</p>
          </div>
          <Link className="button button-primary" to="/jobs/new">
            Post a job
          </Link>
        </div>
      </section>

      <MarketCredits />

      {jobs.error && (
        <Notice tone="error" title="Cannot load jobs">
          {jobs.error.message}
        </Notice>
      )}
      <section className="card" aria-labelledby="jobs-list-heading">
        <div className="table-title">
          <h2 id="jobs-list-heading">Latest jobs</h2>
          {jobs.data && <span className="muted">{jobs.data.totalCount.toLocaleString('en-US')} in all</span>}
        </div>
        {!jobs.data ? (
          jobs.error ? null : (
            <Skeleton width="100%" />
          )
        ) : jobs.data.items.length === 0 ? (
          <p className="empty">No jobs yet. Post the first one.</p>
        ) : (
          <div className="table-scroll">
            <table className="table table-stack" aria-label="Jobs">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Status</th>
                  <th>Kind</th>
                  <th className="num">Tasks accepted</th>
                  <th className="num">Cost</th>
                  <th>Posted</th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((job) => {
                  const mine = address && job.requester.toLowerCase() === address.toLowerCase()
                  return (
                    <tr key={job.id.toString()} className={mine ? 'active' : undefined}>
                      <td data-label="Job">
                        {/* One element: the stacked phone layout spreads a cell's children apart. */}
                        <span>
                          <Link to={`/jobs/${job.id}`}>#{job.id.toString()}</Link>
                          {mine && <span className="muted small"> (yours)</span>}
                        </span>
                      </td>
                      <td data-label="Status">
                        <JobStatusPill phase={jobPhase(job, job.assignments, now)} />
                      </td>
                      <td data-label="Kind">
                        {job.kind} · {job.verification === 'REPLICATED' ? `replicated r=${job.replication}` : 'optimistic'}
                      </td>
                      <td data-label="Tasks accepted" className="num" data-testid={`job-${job.id}-tasks`}>
                        {job.tasksAccepted} / {job.taskCount}
                      </td>
                      <td data-label="Cost" className="num" title={`Escrowed ${formatCost(job.escrowPosted)}`}>
                        {job.paid + job.fees > 0n ? formatCost(job.paid + job.fees) : `≤ ${formatCost(job.escrowPosted)}`}
                      </td>
                      <td data-label="Posted">{now !== undefined ? formatAgo(Number(job.postedAt), now) : '—'}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
