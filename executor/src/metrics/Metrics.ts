// Prometheus metrics in the text exposition format, written by hand: a handful of counters and
// gauges do not need a client library.
type Sample = { help: string; type: 'counter' | 'gauge'; value: number }

/** The executor's metrics: counters only go up; gauges hold the latest value. */
export class Metrics {
  private readonly samples = new Map<string, Sample>()

  constructor() {
    this.define('neuro_executor_tasks_run_total', 'counter', 'Tasks computed for own assignments')
    this.define('neuro_executor_compute_seconds_total', 'counter', 'Seconds spent computing own tasks')
    this.define('neuro_executor_tasks_failed_total', 'counter', 'Tasks that failed (hostile or broken bundles, bad specs)')
    this.define('neuro_executor_samples_total', 'counter', 'Samples generated (own work, audits and verifications)')
    this.define('neuro_executor_samples_per_second', 'gauge', 'Samples per second over the last task')
    this.define('neuro_executor_earnings_ntk_total', 'counter', 'NTK earned by settled assignments')
    this.define('neuro_executor_slashes_total', 'counter', 'Times this executor was slashed')
    this.define('neuro_executor_slashed_ntk_total', 'counter', 'NTK of collateral this executor lost')
    this.define('neuro_executor_ask_price_tick', 'gauge', 'Current ask price in ticks (1 tick = 1e9 wei NTK per unit)')
    this.define('neuro_executor_last_block', 'gauge', 'Newest block whose events were handled')
    this.define('neuro_executor_assignments_open', 'gauge', 'Own assignments not yet ended')
    this.define('neuro_executor_audits_total', 'counter', 'Tasks of others recomputed to audit them')
    this.define('neuro_executor_challenges_opened_total', 'counter', 'Challenges this executor opened')
    this.define(
      'neuro_executor_verifier_candidacies_total',
      'counter',
      'Challenges this executor committed to verify (as a candidate)',
    )
    this.define('neuro_executor_verifier_seats_total', 'counter', 'Verifier seats this executor was given (drawn by stake)')
    this.define('neuro_executor_rpc_errors_total', 'counter', 'Failed polls of the chain (retried with backoff)')
  }

  private define(name: string, type: Sample['type'], help: string): void {
    this.samples.set(name, { help, type, value: 0 })
  }

  inc(name: string, by = 1): void {
    const sample = this.samples.get(name)
    if (!sample) throw new Error(`unknown metric ${name}`)
    sample.value += by
  }

  set(name: string, value: number): void {
    const sample = this.samples.get(name)
    if (!sample) throw new Error(`unknown metric ${name}`)
    sample.value = value
  }

  get(name: string): number {
    return this.samples.get(name)?.value ?? Number.NaN
  }

  /** The text format served on /metrics. */
  render(): string {
    const lines: string[] = []
    for (const [name, s] of this.samples) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`, `${name} ${Number.isFinite(s.value) ? s.value : 0}`)
    }
    return `${lines.join('\n')}\n`
  }
}
