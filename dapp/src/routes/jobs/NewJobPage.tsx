import { JOB_SPEC_VERSION, type JobSpec } from '@neuromation/sdk'
import { useEffect, useId, useMemo, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useAccount, useReadContract } from 'wagmi'
import { BurnerAccountPicker } from '../../components/BurnerAccountPicker'
import { Notice } from '../../components/Notice'
import { Skeleton } from '../../components/Skeleton'
import { TxStatus } from '../../components/TxStatus'
import { useAppContract } from '../../hooks/useAppContract'
import { useChainTime } from '../../hooks/useChainTime'
import { useDebounced } from '../../hooks/useDebounced'
import { formatCost } from '../../jobs/formatCost'
import { GeneratorPicker } from '../../jobs/GeneratorPicker'
import { ParamsForm } from '../../jobs/ParamsForm'
import { paramFields } from '../../jobs/paramFields'
import { type JobFormInput, planJob } from '../../jobs/planJob'
import { readParams } from '../../jobs/readParams'
import { useBookDepth } from '../../jobs/useBookDepth'
import { useGenerator } from '../../jobs/useGenerator'
import { useMarketRules } from '../../jobs/useMarketRules'
import { usePostJob } from '../../jobs/usePostJob'
import { useQuote } from '../../jobs/useQuote'
import { formatBps, formatDuration, formatNtk } from '../../lib/format'
import '../../jobs/jobs.css'

const randomSeed = () => String(crypto.getRandomValues(new Uint32Array(1))[0])

const initialForm = (): JobFormInput => ({
  samplesPerTask: '100',
  taskCount: '4',
  seed: randomSeed(),
  verification: 'OPTIMISTIC',
  replication: '3',
  challengeMinutes: '2',
  maxPriceTick: '100',
  minutesPerTask: '10',
  deadlineHours: '24',
  collateralNtk: '1',
})

/** /jobs/new: pick a generator, fill its params, size and price the job, see a live quote, post. */
export function NewJobPage() {
  const navigate = useNavigate()
  const { address } = useAccount()
  const { now } = useChainTime()
  const rules = useMarketRules()
  const book = useBookDepth()
  const [cid, setCid] = useState<string>()
  const generator = useGenerator(cid)
  const [paramTexts, setParamTexts] = useState<Record<string, string>>({})
  const [form, setForm] = useState<JobFormInput>(initialForm)
  const [submitted, setSubmitted] = useState(false)
  const posting = usePostJob()
  const id = useId()

  const manifest = generator.data?.manifest
  const fields = useMemo(() => (manifest ? paramFields(manifest.params) : []), [manifest])

  const params = manifest ? readParams(manifest.params, fields, paramTexts) : undefined
  const plan =
    manifest && rules.data && now !== undefined
      ? planJob(form, {
          minCollateral: rules.data.minCollateral,
          minChallengeWindow: rules.data.minChallengeWindow,
          maxChallengeWindow: rules.data.maxChallengeWindow,
          minSecondsPerTask: rules.data.minSecondsPerTask,
          computeUnitsPerSample: manifest.computeUnitsPerSample,
          now: BigInt(now),
        })
      : undefined
  // The quote follows the form once typing pauses, and every block.
  const quoteJob = useDebounced(plan?.ok ? plan.job : undefined, 300)
  const quote = useQuote(quoteJob)

  const market = useAppContract('JobMarket')
  const token = useAppContract('NeuroToken')
  const balance = useReadContract({
    ...token,
    functionName: 'balanceOf',
    args: address ? [address] : undefined,
    query: { enabled: !!address },
  })
  const shortOfFunds = quote.data && balance.data !== undefined && balance.data < quote.data.escrow

  useEffect(() => {
    if (posting.postedJobId !== undefined) navigate(`/jobs/${posting.postedJobId}`)
  }, [navigate, posting.postedJobId])

  const set = (key: keyof JobFormInput) => (value: string) => setForm((f) => ({ ...f, [key]: value }))
  const errors = plan && !plan.ok ? plan.errors : {}
  const showErrors = (key: keyof JobFormInput) => errors[key]

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    if (!cid || !generator.data || !params?.ok || !plan?.ok) return
    const spec: JobSpec = {
      version: JOB_SPEC_VERSION,
      kind: 'GENERATE',
      generator: cid,
      params: params.params,
      seed: plan.job.seed,
      samplesPerTask: plan.job.samplesPerTask,
    }
    await posting.post(spec, plan.job, generator.data)
  }

  const field = (
    key: keyof JobFormInput,
    label: string,
    help: string,
    extra: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <div className="jobs-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={form[key]}
        onChange={(e) => set(key)(e.target.value)}
        aria-invalid={showErrors(key) ? true : undefined}
        aria-describedby={`${id}-${key}-help`}
        disabled={posting.busy}
        {...extra}
      />
      <p
        id={`${id}-${key}-help`}
        className={showErrors(key) ? 'field-error' : 'muted small'}
        data-testid={showErrors(key) ? `job-error-${key}` : undefined}
      >
        {showErrors(key) ?? help}
      </p>
    </div>
  )

  const totalReplicas = plan?.ok ? plan.job.params.taskCount * plan.job.params.replication : undefined
  // Matching passes over nodes that declare less: they could not compute a task in the time per task.
  const minUnitsPerSecond = plan?.ok
    ? (plan.job.params.unitsPerTask + BigInt(plan.job.params.secondsPerTask) - 1n) / BigInt(plan.job.params.secondsPerTask)
    : undefined
  const cheapest = book.data?.[0]?.priceTick
  const invalid = !cid || !params?.ok || !plan?.ok

  return (
    <div className="page jobs-page">
      <p className="small">
        <Link to="/jobs">← Jobs</Link>
      </p>
      <h1>Post a GENERATE job</h1>
      <div className="columns">
        <form className="card form column-main" onSubmit={(e) => void submit(e)} noValidate aria-label="Post a job">
          <GeneratorPicker
            cid={cid}
            onSelect={(next) => {
              // Another generator, other params: start from its defaults.
              setCid(next)
              setParamTexts({})
            }}
            disabled={posting.busy}
          />
          {cid && generator.isPending && (
            <p className="tx-progress" role="status">
              <span className="spinner" aria-hidden="true" /> Reading the generator {cid} from IPFS…
            </p>
          )}
          {generator.error && (
            <Notice tone="error" title="Cannot use this generator">
              {generator.error.message}
            </Notice>
          )}
          {manifest && (
            <div className="jobs-generator" data-testid="generator-info">
              <strong>
                {manifest.name} {manifest.version}
              </strong>
              <span className="small">{manifest.description}</span>
              <span className="muted small">
                {manifest.computeUnitsPerSample} compute unit{manifest.computeUnitsPerSample === 1 ? '' : 's'} per sample ·{' '}
                <code className="jobs-mono-wrap">{cid}</code>
              </span>
            </div>
          )}

          {manifest && params && (
            <fieldset className="jobs-fieldset" disabled={posting.busy}>
              <legend>Parameters</legend>
              <ParamsForm
                fields={fields}
                texts={paramTexts}
                errors={params.ok ? {} : params.errors}
                onChange={(key, text) => setParamTexts((t) => ({ ...t, [key]: text }))}
              />
              {!params.ok &&
                params.formErrors.map((e) => (
                  <p key={e} className="field-error">
                    {e}
                  </p>
                ))}
            </fieldset>
          )}

          <fieldset className="jobs-fieldset" disabled={posting.busy}>
            <legend>Dataset</legend>
            <div className="jobs-fields">
              {field('samplesPerTask', 'Samples per task', 'Each task makes one shard of this many samples (1 to 10,000).')}
              {field('taskCount', 'Tasks', 'Shards in the dataset; executors take tasks in ranges.')}
              <div className="jobs-field">
                {field('seed', 'Seed', 'The dataset seed: same seed, same samples.')}
                <button type="button" className="button button-ghost" onClick={() => set('seed')(randomSeed())}>
                  New random seed
                </button>
              </div>
            </div>
            {plan?.ok && (
              <p className="muted small" data-testid="dataset-size">
                {(plan.job.samplesPerTask * plan.job.params.taskCount).toLocaleString('en-US')} samples,{' '}
                {plan.job.params.unitsPerTask.toLocaleString('en-US')} compute units per task.
              </p>
            )}
          </fieldset>

          <fieldset className="jobs-fieldset" disabled={posting.busy}>
            <legend>Verification</legend>
            <div className="jobs-choices" role="radiogroup" aria-label="Verification mode">
              <label className={`jobs-choice${form.verification === 'OPTIMISTIC' ? ' selected' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-verification`}
                  checked={form.verification === 'OPTIMISTIC'}
                  onChange={() => set('verification')('OPTIMISTIC')}
                />
                Optimistic (one executor, challenge window)
              </label>
              <label className={`jobs-choice${form.verification === 'REPLICATED' ? ' selected' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-verification`}
                  checked={form.verification === 'REPLICATED'}
                  onChange={() => set('verification')('REPLICATED')}
                />
                Replicated (majority of r executors)
              </label>
            </div>
            {form.verification === 'OPTIMISTIC' ? (
              field(
                'challengeMinutes',
                'Challenge window (minutes)',
                rules.data
                  ? `Anyone staked (or you) may challenge a task this long after its result; ${rules.data.minChallengeWindow / 60} to ${rules.data.maxChallengeWindow / 60} minutes.`
                  : 'Anyone staked (or you) may challenge a task this long after its result.',
              )
            ) : (
              <div className="jobs-field">
                <label htmlFor={`${id}-replication`}>Executors per task (r)</label>
                <select id={`${id}-replication`} value={form.replication} onChange={(e) => set('replication')(e.target.value)}>
                  <option value="3">3 (2 must agree)</option>
                  <option value="5">5 (3 must agree)</option>
                </select>
                <p className="muted small">Every task is computed r times; you pay for each replica.</p>
              </div>
            )}
          </fieldset>

          <fieldset className="jobs-fieldset" disabled={posting.busy}>
            <legend>Price and limits</legend>
            <div className="jobs-fields">
              {field(
                'maxPriceTick',
                'Max price (ticks per compute unit)',
                `1 tick = ${rules.data ? formatNtk(rules.data.priceTick, 9) : '0.000000001 NTK'} per compute unit (${rules.data ? formatNtk(rules.data.priceTick * 1_000_000n, 6) : '0.001 NTK'} per million units, as the Executors page shows asks).${cheapest !== undefined ? ` Cheapest ask now: ${cheapest}.` : ''}`,
              )}
              {field(
                'minutesPerTask',
                'Minutes per task',
                `Time an executor gets per task before anyone may reclaim it${rules.data ? `; at least ${rules.data.minSecondsPerTask / 60} on this market` : ''}.`,
              )}
              {field('deadlineHours', 'Deadline (hours)', 'No task is assigned after it; unassigned tasks are refunded.')}
              {field(
                'collateralNtk',
                'Collateral per task (NTK)',
                rules.data
                  ? `Stake an executor locks per task, at least ${formatNtk(rules.data.minCollateral, 18)}; also the challenge bond.`
                  : 'Stake an executor locks per task; also the challenge bond.',
              )}
            </div>
          </fieldset>

          {submitted && invalid && (
            <p className="field-error" role="alert" data-testid="form-invalid">
              {!cid ? 'Choose a generator first.' : 'Fix the fields marked above, then post again.'}
            </p>
          )}
          {shortOfFunds && (
            <>
              <p className="field-error" role="alert" data-testid="short-of-funds">
                Your wallet holds {formatNtk(balance.data!)}, less than the {formatCost(quote.data!.escrow)} this job escrows.
                Lower the tasks or the max price, or get NTK first: buy it on the <Link to="/sale">Sale page</Link>.
              </p>
              {/* With the burner wallet on the local chain: switch to a dev account that holds NTK, here. */}
              <BurnerAccountPicker />
            </>
          )}
          <button
            type="submit"
            className="button button-primary button-wide"
            // Until the balance is read, a post could only fail on it (and name no amount yet).
            disabled={!address || posting.busy || !!shortOfFunds || balance.data === undefined}
          >
            {!address ? 'Connect a wallet to post' : balance.data === undefined ? 'Reading your NTK balance…' : 'Post job'}
          </button>
          <TxStatus status={posting.status} successText="Job posted." />
        </form>

        <aside className="card jobs-quote" aria-labelledby={`${id}-quote`} data-testid="quote">
          <h2 id={`${id}-quote`}>Live quote</h2>
          {!plan?.ok || !totalReplicas ? (
            <p className="muted">
              {manifest ? 'Fill the form to see what the book offers.' : 'Choose a generator to see a quote.'}
            </p>
          ) : quote.error ? (
            <Notice tone="error" title="No quote">
              {quote.error.message.split('\n')[0]}
            </Notice>
          ) : !quote.data ? (
            <Skeleton />
          ) : (
            <>
              <dl className="kv">
                <dt>Taken now</dt>
                <dd data-testid="quote-matchable">
                  {quote.data.tasksMatchable} of {totalReplicas} task{totalReplicas === 1 ? '' : 's'}
                </dd>
                <dt>Cost now</dt>
                <dd data-testid="quote-cost">{formatCost(quote.data.cost)}</dd>
                <dt>Executors</dt>
                <dd data-testid="quote-executors">{quote.data.executors}</dd>
                <dt>Compute time</dt>
                <dd data-testid="quote-finish">
                  {quote.data.tasksMatchable > 0 ? (
                    <>
                      ~{formatDuration(quote.data.expectedSeconds)}{' '}
                      <span className="muted small">
                        at the executors' declared speed
                        {form.verification === 'OPTIMISTIC' && Number(form.challengeMinutes) > 0
                          ? `; final ${form.challengeMinutes} min after each result (challenge window)`
                          : ''}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
                <dt>Escrowed at post</dt>
                <dd data-testid="quote-escrow">{formatCost(quote.data.escrow)}</dd>
                {rules.data && (
                  <>
                    <dt>Commission</dt>
                    <dd>{formatBps(rules.data.commissionBps)}</dd>
                  </>
                )}
              </dl>
              {quote.data.tasksMatchable < totalReplicas && (
                <Notice tone="warning">
                  {quote.data.tasksMatchable === 0
                    ? 'No ask in the book takes it: none is at or under your max price from a node fast enough for the time per task.'
                    : 'The book cannot take every task now.'}{' '}
                  The rest waits as a bid until executors ask at or under {form.maxPriceTick} ticks from nodes declaring at least{' '}
                  {minUnitsPerSecond?.toLocaleString('en-US')} compute units/s, until the deadline.
                </Notice>
              )}
              <p className="muted small">
                The escrow covers every task at your max price; what is not spent (cheaper asks, tasks never taken) is refunded
                when the job ends.
              </p>
            </>
          )}
          <p className="muted small">
            Market: <code className="jobs-mono-wrap">{market.address}</code>
          </p>
        </aside>
      </div>
    </div>
  )
}
