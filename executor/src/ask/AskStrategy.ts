// How an executor prices its ask. `fixed` keeps the configured price. `adaptive` learns from its
// own history of wins and idle time, looking for the price that earns the most per unit of time:
// - fully booked over a window: it is cheaper than the market bears, so it goes up;
// - no win over a window: it is too dear (or the market is quiet), so it goes down;
// - otherwise it hill-climbs on earnings: it keeps moving the way that raised earnings per
//   interval over the previous window and turns around when earnings fell.
// Steps are multiplicative (a few percent), the price stays within [min, max], and decisions are
// taken per window of several intervals so one lucky or quiet interval does not swing the price.

/** What the executor saw over one interval. */
export type AskObservation = {
  /** Tasks assigned to it during the interval. */
  tasksWon: number
  /** Average share of its capacity in use over the interval (0..1). */
  utilization: number
}

export type AskStrategyOptions = {
  strategy: 'fixed' | 'adaptive'
  priceTick: number
  minTick: number
  maxTick: number
  /** Relative step per decision (default 0.05). */
  step?: number
  /** Intervals per decision (default 3). */
  window?: number
  /** Utilization at or above which the executor counts as fully booked (default 0.95). */
  busyAt?: number
}

export class AskStrategy {
  private price: number
  private direction = 1
  private previousEarnings: number | undefined
  private windowEarnings = 0
  private windowWins = 0
  private windowUtilization = 0
  private seen = 0

  constructor(private readonly options: AskStrategyOptions) {
    this.price = options.priceTick
  }

  /** The ask price now, in ticks. */
  get priceTick(): number {
    return Math.round(this.price)
  }

  /** Takes one interval's observation (won at the current price); returns the price in ticks. */
  observe(observation: AskObservation): number {
    if (this.options.strategy === 'fixed') return this.priceTick
    const window = this.options.window ?? 3
    const step = this.options.step ?? 0.05
    const busyAt = this.options.busyAt ?? 0.95
    this.windowEarnings += observation.tasksWon * this.priceTick
    this.windowWins += observation.tasksWon
    this.windowUtilization += observation.utilization
    this.seen++
    if (this.seen < window) return this.priceTick
    const earnings = this.windowEarnings / window
    const utilization = this.windowUtilization / window
    if (utilization >= busyAt) this.direction = 1
    else if (this.windowWins === 0) this.direction = -1
    else if (this.previousEarnings !== undefined && earnings < this.previousEarnings) this.direction = -this.direction
    this.previousEarnings = earnings
    this.price = Math.min(this.options.maxTick, Math.max(this.options.minTick, this.price * (1 + step * this.direction)))
    this.windowEarnings = 0
    this.windowWins = 0
    this.windowUtilization = 0
    this.seen = 0
    return this.priceTick
  }
}
