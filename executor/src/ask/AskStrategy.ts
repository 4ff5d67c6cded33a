// How an executor prices its ask. `fixed` keeps the configured price. `adaptive` steers the price
// so that the node stays busy about TARGET_UTILIZATION of the time:
// - busier than that, it is cheaper than the market bears: the price goes up, the more the busier;
// - idler than that, it goes down, but only toward demand it lost (tasks that went to cheaper asks,
//   bids resting below its ask): with none, a cut could win nothing and would only give money away
//   once jobs come, so it holds (a market with no jobs at all leaves the price where it is).
// Why utilization and not earnings: earnings per interval are noisy (a few tasks of varying size),
// so climbing on them (this strategy's first version) wandered and reached 0.85-0.94 of the best
// fixed price in hindsight, while the share of capacity in use is a steady signal that answers at
// once when demand swings. Why 0.8: fully booked means turning away work that would have paid
// more; far below it the node is priced out. `bench/executor-asks.ts` runs eight simulated markets
// (busy, slow, cheap or few competitors, wide or steady prices, long tasks): 0.8 with a gain of 0.2
// earned 0.83-1.14 of each market's best fixed price in hindsight; targets of 0.7 and 0.85 did
// worse overall, 0.75 about as well. Deciding every interval did better than over windows of two
// or three, also when tasks last many intervals (the price then answers late, but the bounded
// gain keeps it from running away).

/** What the executor saw over one interval. */
export type AskObservation = {
  /** Average share of its capacity in use over the interval (0..1). */
  utilization: number
  /**
   * Demand a lower price could have won during the interval: tasks assigned to asks cheaper than
   * this one, plus bids resting below its price (within reach of its minimum). Undefined: not
   * observed (a simulation that models no book), taken as demand.
   */
  demandBelow?: number
}

export type AskStrategyOptions = {
  strategy: 'fixed' | 'adaptive'
  priceTick: number
  minTick: number
  maxTick: number
  /** Share of capacity the adaptive price aims to keep in use (default TARGET_UTILIZATION). */
  targetUtilization?: number
  /** Relative price change per interval for each unit of utilization off target (default GAIN). */
  gain?: number
}

export const TARGET_UTILIZATION = 0.8
export const GAIN = 0.2

export class AskStrategy {
  private price: number

  constructor(private readonly options: AskStrategyOptions) {
    this.price = options.priceTick
  }

  /** The ask price now, in ticks. */
  get priceTick(): number {
    return Math.round(this.price)
  }

  /** Takes one interval's observation (at the current price); returns the price for the next, in ticks. */
  observe(observation: AskObservation): number {
    if (this.options.strategy === 'fixed') return this.priceTick
    const error = observation.utilization - (this.options.targetUtilization ?? TARGET_UTILIZATION)
    const demandBelow = observation.demandBelow === undefined || observation.demandBelow > 0
    // Down only toward demand it lost: with none below its price, a cut wins nothing.
    if (error > 0 || (error < 0 && demandBelow)) {
      const next = this.price * (1 + (this.options.gain ?? GAIN) * error)
      this.price = Math.min(this.options.maxTick, Math.max(this.options.minTick, next))
    }
    return this.priceTick
  }
}
