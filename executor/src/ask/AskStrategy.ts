// How an executor prices its ask. `fixed` keeps the configured price. `adaptive` learns from its
// own history: an executor that is fully booked is cheaper than the market will bear, so it
// raises its price; one that sits idle is too dear, so it lowers it (multiplicative steps, within
// [min, max]). A step in between leaves it alone: at partial utilization the price is about right.

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
  /** Factor applied when fully booked (default 1.15). */
  upFactor?: number
  /** Factor applied when idle (default 0.9). */
  downFactor?: number
  /** Utilization at or above which the executor counts as fully booked (default 0.9). */
  busyAt?: number
}

export class AskStrategy {
  private price: number

  constructor(private readonly options: AskStrategyOptions) {
    this.price = options.priceTick
  }

  /** The ask price now, in ticks. */
  get priceTick(): number {
    return Math.round(this.price)
  }

  /** Takes one interval's observation; returns the (possibly changed) price in ticks. */
  observe(observation: AskObservation): number {
    if (this.options.strategy === 'fixed') return this.priceTick
    const up = this.options.upFactor ?? 1.15
    const down = this.options.downFactor ?? 0.9
    const busyAt = this.options.busyAt ?? 0.9
    if (observation.utilization >= busyAt) this.price *= up
    else if (observation.tasksWon === 0 && observation.utilization === 0) this.price *= down
    this.price = Math.min(this.options.maxTick, Math.max(this.options.minTick, this.price))
    return this.priceTick
  }
}
