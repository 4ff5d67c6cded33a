import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useReadContract } from 'wagmi'
import { Notice } from '../../components/Notice'
import { Skeleton } from '../../components/Skeleton'
import { Stat } from '../../components/Stat'
import { useAppContract } from '../../hooks/useAppContract'
import { useChainTime } from '../../hooks/useChainTime'
import { AssignmentGrid } from '../../jobs/AssignmentGrid'
import { BookDepth } from '../../jobs/BookDepth'
import { ChallengeCard } from '../../jobs/ChallengeCard'
import { ChallengeList } from '../../jobs/ChallengeList'
import { DatasetCard } from '../../jobs/DatasetCard'
import { describeDeadline } from '../../jobs/describeDeadline'
import { formatAskPrice, formatCost } from '../../jobs/formatCost'
import { JobActions } from '../../jobs/JobActions'
import { JobStatusPill } from '../../jobs/JobStatusPill'
import { jobAbsence } from '../../jobs/jobAbsence'
import { jobPhase } from '../../jobs/jobPhase'
import { MarketCredits } from '../../jobs/MarketCredits'
import { ParamsList } from '../../jobs/ParamsList'
import { SampleGallery } from '../../jobs/SampleGallery'
import { describeProgress } from '../../jobs/taskProgress'
import { useBookDepth } from '../../jobs/useBookDepth'
import type { ExecutorName } from '../../jobs/useExecutorNames'
import { useExecutorNamesOf } from '../../jobs/useExecutorNamesOf'
import { type LiveStatus, useExecutorProgress } from '../../jobs/useExecutorProgress'
import { useGenerator } from '../../jobs/useGenerator'
import { useJob } from '../../jobs/useJob'
import { useJobSpec } from '../../jobs/useJobSpec'
import { formatDateTime, formatDuration, shortAddress } from '../../lib/format'
import '../../jobs/jobs.css'

/** Assignment statuses whose result is accepted (paid or payable). */
const ACCEPTED = new Set(['Accepted', 'Settled'])
/** Assignment statuses with a result to look at (maybe not final yet). */
const WITH_RESULT = new Set(['Submitted', 'Revealed', 'Challenged', 'Accepted', 'Settled'])

/** /jobs/:id: one job: its spec, the book, the assignment grid, sample previews, the dataset. */
export function JobPage() {
  const { id } = useParams()
  const jobId = id && /^[1-9]\d{0,19}$/.test(id) ? BigInt(id) : undefined
  const detail = useJob(jobId)
  const job = detail.data?.job
  const spec = useJobSpec(job?.specCid)
  const generator = useGenerator(spec.data?.generator)
  const { now } = useChainTime()
  const [previewTask, setPreviewTask] = useState<number>()
  // Executors' own reports of their running assignments, polled only while this page is open.
  const live = useExecutorProgress(detail.data?.assignments ?? [])
  // Who works on the job, by the names their metadata documents give (addresses alone say little).
  const names = useExecutorNamesOf((detail.data?.assignments ?? []).map((a) => a.executor))
  // Read only when the indexer has no such job: the chain's count of jobs says whether it exists.
  const market = useAppContract('JobMarket')
  const counts = useReadContract({
    ...market,
    functionName: 'counts',
    query: { enabled: detail.data !== undefined && !detail.data.job, refetchInterval: 4_000 },
  })

  if (jobId === undefined) {
    return (
      <Notice tone="error" title="No such job">
        {/* One line: the notice stacks its children, so text and link go in one element. */}
        <span>
          "{id}" is not a job number. <Link to="/jobs">See all jobs</Link>.
        </span>
      </Notice>
    )
  }
  if (detail.error) {
    return (
      <Notice tone="error" title="Cannot load the job">
        {detail.error.message}
      </Notice>
    )
  }
  if (!detail.data) return <Skeleton width="100%" />
  if (!job) {
    // Fetched for this page: a count cached from an earlier visit may predate a job just posted.
    const jobCount = counts.isFetchedAfterMount ? counts.data?.[0] : undefined
    const absence = jobAbsence(jobId, jobCount)
    if (absence === 'unknown' && !counts.error) return <Skeleton width="100%" />
    if (absence === 'absent') {
      return (
        <Notice tone="error" title={`Job #${jobId} does not exist`}>
          <span>
            {jobCount === 0n
              ? 'No job has been posted yet.'
              : `The market has ${jobCount} job${jobCount === 1n ? '' : 's'} so far.`}{' '}
            <Link to="/jobs">See all jobs</Link>.
          </span>
        </Notice>
      )
    }
    return (
      <Notice tone="warning" title={`Job #${jobId} is not indexed yet`}>
        <span>
          {absence === 'unindexed'
            ? 'It is on the chain; it appears here as soon as the indexer catches up, usually within seconds.'
            : 'If it was just posted, it appears within seconds.'}{' '}
          <Link to="/jobs">See all jobs</Link>.
        </span>
      </Notice>
    )
  }

  const { assignments, challenges, verifiers, exclusions } = detail.data
  // The task each open challenge names, by assignment: the grid marks that cell alone.
  const openChallenges = new Map(
    challenges
      .filter((c) => c.status === 'AwaitingProof' || c.status === 'Verifying')
      .map((c) => [c.assignmentId.toString(), c.taskIndex] as const),
  )
  const withResult = assignments.filter((a) => WITH_RESULT.has(a.status) && a.resultCid)
  // Tasks that have a shard to preview, in order; the first one is shown unless another is chosen.
  const previewable = withResult.flatMap((a) =>
    Array.from({ length: a.taskCount }, (_, i) => ({ task: a.firstTask + i, cid: a.resultCid! })),
  )
  const uniquePreview = [...new Map(previewable.map((p) => [p.task, p])).values()].sort((a, b) => a.task - b.task)
  const shown = uniquePreview.find((p) => p.task === previewTask) ?? uniquePreview[0]
  // One accepted result per task range (replicated jobs have r replicas of it).
  const parts = [
    ...new Map(
      assignments
        .filter((a) => ACCEPTED.has(a.status) && a.resultCid)
        .map((a) => [a.firstTask, { resultCid: a.resultCid!, firstTask: a.firstTask, taskCount: a.taskCount }]),
    ).values(),
  ]
  const phase = jobPhase(job, assignments, now)
  const deadline = describeDeadline(job, phase, now)
  const done = job.tasksAccepted >= job.taskCount && parts.reduce((n, p) => n + p.taskCount, 0) >= job.taskCount

  return (
    <div className="page jobs-page">
      <p className="small">
        <Link to="/jobs">← Jobs</Link>
      </p>
      <section className="card" aria-labelledby="job-heading">
        <div className="card-head">
          <h1 id="job-heading">
            Job #{job.id.toString()} <JobStatusPill phase={phase} />
          </h1>
          <span className="muted small">
            by <code className="mono">{shortAddress(job.requester)}</code> · posted {formatDateTime(job.postedAt)}
          </span>
        </div>
        <dl className="stats stats-wide">
          <Stat label="Tasks accepted" testId="job-accepted" value={`${job.tasksAccepted} / ${job.taskCount}`} />
          <Stat
            label="Verification"
            value={job.verification === 'REPLICATED' ? `Replicated, r = ${job.replication}` : 'Optimistic'}
            hint={job.verification === 'OPTIMISTIC' ? `challenge window ${formatDuration(job.challengeWindow)}` : undefined}
          />
          <Stat label="Paid" value={formatCost(job.paid + job.fees)} hint={`escrowed ${formatCost(job.escrowPosted)}`} />
          <Stat
            label="Max price"
            value={formatAskPrice(job.maxPriceTick)}
            hint={`${job.maxPriceTick} ticks per unit · ${job.unitsPerTask.toString()} units per task`}
          />
          <Stat label="Deadline" testId="job-deadline" value={deadline.value} hint={deadline.hint} />
        </dl>
        {spec.error ? (
          <Notice tone="error" title="Cannot read the job spec">
            {spec.error.message}
          </Notice>
        ) : spec.data ? (
          <dl className="kv" data-testid="job-spec">
            <dt>Generator</dt>
            <dd className="jobs-mono-wrap">
              {generator.data ? `${generator.data.manifest.name} ${generator.data.manifest.version} · ` : ''}
              {spec.data.generator}
            </dd>
            <dt>Params</dt>
            <dd>
              <ParamsList params={spec.data.params} schema={generator.data?.manifest.params} />
            </dd>
            <dt>Seed</dt>
            <dd>{spec.data.seed}</dd>
            <dt>Samples</dt>
            <dd>
              {spec.data.samplesPerTask} per task, {(spec.data.samplesPerTask * job.taskCount).toLocaleString('en-US')} in all
            </dd>
            <dt>Spec</dt>
            <dd className="jobs-mono-wrap">{job.specCid}</dd>
          </dl>
        ) : (
          <Skeleton width="60%" />
        )}
      </section>

      {/* After finalize or a challenge the requester's refund or bond waits here to be withdrawn. */}
      <MarketCredits />

      <div className="columns">
        <section className="card form column-main" aria-labelledby="grid-heading">
          <h2 id="grid-heading">Tasks</h2>
          <AssignmentGrid
            taskCount={job.taskCount}
            assignments={assignments}
            live={live}
            challengedTasks={openChallenges}
            stopped={job.status !== 'Open' || job.cancelled}
          />
          {assignments.length > 0 && (
            <div className="table-scroll">
              <table className="table table-stack" aria-label="Assignments">
                <thead>
                  <tr>
                    <th>Assignment</th>
                    <th>Tasks</th>
                    <th>Executor</th>
                    <th>Status</th>
                    <th className="num">Price</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {assignments.map((a) => (
                    <tr key={a.id.toString()}>
                      <td data-label="Assignment">#{a.id.toString()}</td>
                      <td data-label="Tasks">
                        {a.firstTask}–{a.firstTask + a.taskCount - 1}
                      </td>
                      <td data-label="Executor">
                        <ExecutorCell address={a.executor} name={names.get(a.executor.toLowerCase())} />
                      </td>
                      <td data-label="Status">
                        {a.status}
                        <LiveLine status={live.get(a.id.toString())} id={a.id} />
                      </td>
                      <td data-label="Price" className="num" title={`${a.priceTick} ticks per compute unit`}>
                        {formatAskPrice(a.priceTick)}
                      </td>
                      <td data-label="Result">
                        {a.resultCid ? (
                          <code className="mono" title={a.resultCid}>
                            {shortAddress(a.resultCid)}
                          </code>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {exclusions.length > 0 && (
            <p className="small muted" data-testid="job-exclusions">
              Never matched to this job again (declined it, missed a deadline, or a result disproved or outvoted):{' '}
              {exclusions.map((x, i) => (
                <span key={x.executor}>
                  {i > 0 && ', '}
                  <ExecutorCell address={x.executor} name={names.get(x.executor.toLowerCase())} />
                </span>
              ))}
            </p>
          )}
          <ChallengeList challenges={challenges} verifiers={verifiers} now={now} />
          {now !== undefined && <JobActions job={job} assignments={assignments} now={now} />}
        </section>
        <section className="card form" aria-labelledby="book-heading">
          <h2 id="book-heading">Ask book (GENERATE)</h2>
          <BookDepth maxPriceTick={job.maxPriceTick} />
          <p className="muted small">Highlighted: levels at or under this job's max price of {job.maxPriceTick} ticks.</p>
          {job.status === 'Open' && job.tasksUnassigned > 0 && (
            <ExcludedAsksNote maxPriceTick={job.maxPriceTick} excluded={exclusions.map((x) => x.executor)} />
          )}
          {job.verification === 'OPTIMISTIC' && now !== undefined && (
            <>
              <h3>Challenge a task</h3>
              <ChallengeCard assignments={assignments} collateralPerTask={job.collateralPerTask} now={now} />
            </>
          )}
        </section>
      </div>

      <section className="card form" aria-labelledby="samples-heading">
        <div className="card-head">
          <h2 id="samples-heading">Samples</h2>
          {uniquePreview.length > 1 && (
            <label className="small">
              Task{' '}
              <select value={shown?.task} onChange={(e) => setPreviewTask(Number(e.target.value))}>
                {uniquePreview.map((p) => (
                  <option key={p.task} value={p.task}>
                    {p.task}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {!shown || !spec.data ? (
          <p className="empty">
            {(job.status !== 'Open' || job.cancelled) && job.openAssignments === 0
              ? `No results: the job ${job.status === 'Open' ? 'was cancelled' : `is ${job.status.toLowerCase()}`} and no executor submitted shards.`
              : 'No results yet: samples appear here as soon as an executor submits its shards.'}
          </p>
        ) : (
          <SampleGallery spec={spec.data} resultCid={shown.cid} task={shown.task} />
        )}
      </section>

      {done && <DatasetCard jobId={job.id} parts={parts} samplesPerTask={spec.data?.samplesPerTask} />}
    </div>
  )
}

/** An executor's published name (when it has one) above its address. */
function ExecutorCell({ address, name }: { address: string; name: ExecutorName | undefined }) {
  return (
    <span className="executor-id">
      {name?.kind === 'named' && (
        <span className="executor-name" title={name.name} data-testid="assignment-executor-name">
          {name.name}
        </span>
      )}
      <code className="mono" title={name?.kind === 'unnamed' ? `${address} (no name: ${name.reason})` : address}>
        {shortAddress(address)}
      </code>
    </span>
  )
}

/** Why a job can rest beside asks at its price: some of them are from executors excluded from it. */
function ExcludedAsksNote({ maxPriceTick, excluded }: { maxPriceTick: number; excluded: string[] }) {
  // The book the page shows beside it (one query, shared through its cache).
  const book = useBookDepth()
  const out = new Set(excluded.map((e) => e.toLowerCase()))
  const count = (book.data ?? [])
    .filter((level) => level.priceTick <= maxPriceTick)
    .reduce((n, level) => n + level.executors.filter((e) => out.has(e)).length, 0)
  if (count === 0) return null
  return (
    <p className="small muted" data-testid="excluded-asks">
      {count === 1 ? '1 ask' : `${count} asks`} at or under this job's price {count === 1 ? 'is' : 'are'} from{' '}
      {count === 1 ? 'an executor' : 'executors'} excluded from it: {count === 1 ? 'it' : 'they'} will not take its tasks.
    </p>
  )
}

/** An open assignment's progress by its executor's report, or why there is none. */
function LiveLine({ status, id }: { status: LiveStatus | undefined; id: bigint }) {
  if (!status) return null
  const testId = `live-${id}`
  if (status.kind === 'loading')
    return (
      <span className="jobs-live" data-testid={testId} data-kind="loading">
        asking the node…
      </span>
    )
  if (status.kind === 'unavailable')
    return (
      <span className="jobs-live" data-testid={testId} data-kind="unavailable" title={status.reason}>
        progress unavailable: {status.reason}
      </span>
    )
  return (
    <span className="jobs-live" data-testid={testId} data-kind="progress" data-state={status.progress.state}>
      {describeProgress(status.progress)}
    </span>
  )
}
