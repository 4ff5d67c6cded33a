/** Own tasks whose speeds the estimate keeps (the newest). */
export const SPEED_WINDOW = 5

/**
 * This node's compute units per second, as the daemon tells from it whether queued work can meet
 * its deadline (Executor.finishesLate, which declines such work while declining is free).
 *
 * Declining costs the node the job for good (the market excludes it from the job), so one slow
 * task (a busy machine, a cold worker, a pause of the process) must not make it decline work it
 * could finish. But a node slow task after task (a machine loaded for good, a declared speed that
 * was never true) must decline what it would miss, or it lapses and loses all the collateral.
 * Hence the median of the speeds of its last SPEED_WINDOW own tasks, the declared speed
 * (EXECUTOR_UNITS_PER_SECOND, measured by `init`, what the market matched it on) counting as one
 * more until the window is full: a single outlier either way moves it not at all, while a speed
 * that holds for most of the window sets it (the first two tasks, three of five). An even count takes the upper median (the faster of
 * the two middle speeds): with as much evidence each way, not declining is the cheaper mistake
 * while the next tasks still tell.
 *
 * Not the better of the declared and the measured speed: it would never see a node slower than it
 * declared, which is the node that lapses. Not a moving average (what this replaced): one task
 * four times slower pulled it down by 30% at once, and queued work was declined for it.
 */
export class SpeedEstimate {
  /** Units per second of the newest own tasks, oldest first. */
  private readonly recent: number[] = []

  constructor(private readonly declared: number | undefined) {}

  /** Folds in one own task: `units` compute units done in `seconds`. */
  record(units: number, seconds: number): void {
    this.recent.push(units / Math.max(1e-3, seconds))
    if (this.recent.length > SPEED_WINDOW) this.recent.shift()
  }

  /** Compute units per second; undefined while nothing tells it (none declared, no task run). */
  get unitsPerSecond(): number | undefined {
    const speeds = [...this.recent]
    if (this.declared !== undefined && speeds.length < SPEED_WINDOW) speeds.push(this.declared)
    if (speeds.length === 0) return undefined
    speeds.sort((a, b) => a - b)
    return speeds[Math.floor(speeds.length / 2)]
  }
}
