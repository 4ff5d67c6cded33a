// How an executor prices its ask. `fixed` keeps the configured price. `adaptive` learns from its
// own history of wins and idle time, looking for the price that earns the most per unit of time:
// - fully booked over a window: it is cheaper than the market bears, so it goes up;
// - no win over a window: it goes down if there was demand it lost to its price (tasks that went
//   to cheaper asks, bids resting below its ask), and holds if there was none: in a market with no
//   jobs a lower price wins nothing and only gives money away once jobs come;
// - otherwise it hill-climbs on earnings: it keeps moving the way that raised earnings per
//   interval over the previous window and turns around when earnings fell; a step down, too, only
//   when there was demand below its price to win.
// Steps are multiplicative (a few percent), the price stays within [min, max], and decisions are
// taken per window of several intervals so one lucky or quiet interval does not swing the price.

/** What the executor saw over one interval. */
export type AskObservation = {
  /** Tasks assigned to it during the interval. */
  tasksWon: number
  /** Average share of its capacity in use over the interval (0..1). */
  utilization: number
  /**
   * Demand a lower price could have won during the interval: tasks assigned to asks cheaper than
   * this one, plus bids resting below its price (within reach of its minimum). Undefined: not
   * observed (a simulation that models no book), taken as demand, so no win still means down.
   */
  demandBelow?: number
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
  /** Whether some interval of the window had demand below the price (or did not say). */
  private windowDemandBelow = false
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
    if (observation.demandBelow === undefined || observation.demandBelow > 0) this.windowDemandBelow = true
    this.seen++
    if (this.seen < window) return this.priceTick
    const earnings = this.windowEarnings / window
    const utilization = this.windowUtilization / window
    const booked = utilization >= busyAt
    // Nothing won and nothing lost below its price: there was no demand it could serve, so the
    // window says nothing about its price. It holds, and its hill-climbing state stays as it was.
    const quiet = !booked && this.windowWins === 0 && !this.windowDemandBelow
    if (!quiet) {
      if (booked) this.direction = 1
      else if (this.windowWins === 0) this.direction = -1
      else if (this.previousEarnings !== undefined && earnings < this.previousEarnings) this.direction = -this.direction
      this.previousEarnings = earnings
      // Down only toward demand it lost: with none below its price, a cut wins nothing.
      const move = this.direction < 0 && !this.windowDemandBelow ? 0 : this.direction
      this.price = Math.min(this.options.maxTick, Math.max(this.options.minTick, this.price * (1 + step * move)))
    }
    this.windowEarnings = 0
    this.windowWins = 0
    this.windowUtilization = 0
    this.windowDemandBelow = false
    this.seen = 0
    return this.priceTick
  }
}
