// Does the adaptive ask earn more than a fixed one? A discrete-time market: requesters post jobs
// whose max price is drawn from a distribution; each job's tasks go to the cheapest asks with
// free capacity at or under its max price (price-time priority, as the JobMarket matches), each
// paid at its own ask; a task occupies its executor for a few steps. Competitors keep fixed asks.
// "Ours" runs with the adaptive strategy and with fixed prices, on the same random demand, and is
// told each interval what the daemon reads from the chain: its utilization and the demand its
// price lost (tasks that went to cheaper asks, jobs left unserved below its price).
// Printed, for the base market: earnings adaptive / fixed at the same start price (an operator's
// first guess: near the best, too low, too high; goal > 1); and for eight markets: adaptive
// earnings / those of the best fixed price in hindsight (a price no operator knows in advance).
//
//   npx tsx bench/executor-asks.ts [steps=20000] [seeds=5]
import { AskStrategy } from '@neuromation/executor'

type Market = {
  /** The competitors' fixed asks (capacity 4 each, like ours). */
  competitors: number[]
  jobsPerStep: number
  /** Median max price of a job, in ticks, and its lognormal spread. */
  medianMaxPrice: number
  spread: number
  /** Amplitude of a daily-like swing of demand's prices (period 2,000 steps). */
  swing: number
  /** A task occupies its executor for `min` to `min + span - 1` steps. */
  taskSteps: { min: number; span: number }
}

const base: Market = {
  competitors: [60, 90, 120, 160, 220],
  jobsPerStep: 1.5,
  medianMaxPrice: 150,
  spread: 0.35,
  swing: 0.4,
  taskSteps: { min: 3, span: 4 },
}
const markets: Record<string, Market> = {
  base,
  busy: { ...base, jobsPerStep: 3 },
  slow: { ...base, jobsPerStep: 0.6 },
  'cheap competitors': { ...base, competitors: [40, 50, 70, 80, 100] },
  'one competitor': { ...base, competitors: [130] },
  'no swing': { ...base, swing: 0 },
  'wide prices': { ...base, spread: 0.7 },
  // Tasks lasting 1.5-3.5 ask intervals (as a daemon's minutes-long tasks do against its 10 s
  // interval): the price works on new wins only, so utilization answers it late.
  'long tasks': { ...base, jobsPerStep: 0.15, taskSteps: { min: 30, span: 40 } },
}
const FIXED_PRICES = [40, 50, 60, 70, 79, 89, 99, 110, 119, 129, 140, 159, 175, 219, 250]
const CAPACITY = 4
const INTERVAL = 20 // steps between ask updates (the daemon's ask interval)

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Our earnings over `steps` with `strategy` in `market`. */
function simulate(strategy: AskStrategy, market: Market, seed: number, steps: number): number {
  const random = rng(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  type Seller = { price: () => number; busy: number[] }
  const ours: Seller = { price: () => strategy.priceTick, busy: [] }
  const all: Seller[] = [ours, ...market.competitors.map((p) => ({ price: () => p, busy: [] }))]
  let earnings = 0
  let utilization = 0
  let lostBelow = 0
  const whole = Math.floor(market.jobsPerStep)
  for (let step = 0; step < steps; step++) {
    for (const e of all) e.busy = e.busy.filter((end) => end > step)
    const swing = 1 + market.swing * Math.sin((2 * Math.PI * step) / 2000)
    const jobs = whole + (random() < market.jobsPerStep - whole ? 1 : 0)
    for (let j = 0; j < jobs; j++) {
      const maxPrice = market.medianMaxPrice * swing * Math.exp(market.spread * gauss())
      let tasks = 1 + Math.floor(random() * 6)
      const book = all.filter((e) => e.price() <= maxPrice && e.busy.length < CAPACITY).sort((a, b) => a.price() - b.price())
      for (const e of book) {
        while (tasks > 0 && e.busy.length < CAPACITY) {
          e.busy.push(step + market.taskSteps.min + Math.floor(random() * market.taskSteps.span))
          if (e === ours) earnings += e.price()
          else if (e.price() < ours.price()) lostBelow++
          tasks--
        }
        if (tasks === 0) break
      }
      // Tasks nobody took, under our price: a bid resting below our ask.
      if (tasks > 0 && maxPrice < ours.price()) lostBelow += tasks
    }
    utilization += ours.busy.length / CAPACITY
    if (step % INTERVAL === INTERVAL - 1) {
      strategy.observe({ utilization: utilization / INTERVAL, demandBelow: lostBelow })
      utilization = 0
      lostBelow = 0
    }
  }
  return earnings
}

const steps = Number(process.argv[2] ?? 20_000)
const seeds = Number(process.argv[3] ?? 5)
const mean = (strategy: 'fixed' | 'adaptive', priceTick: number, market: Market) => {
  let total = 0
  for (let seed = 1; seed <= seeds; seed++) {
    total += simulate(new AskStrategy({ strategy, priceTick, minTick: 10, maxTick: 10_000 }), market, seed, steps)
  }
  return total / seeds
}

console.log(`${seeds} seeds x ${steps} steps per figure`)
for (const start of [100, 60, 200]) {
  const adaptive = mean('adaptive', start, base)
  const fixed = mean('fixed', start, base)
  console.log(
    `base market, start ${start} ticks: earnings adaptive ${adaptive.toFixed(0)}, fixed ${fixed.toFixed(0)}, ratio adaptive/fixed ${(adaptive / fixed).toFixed(3)} (goal > 1)`,
  )
}
for (const [name, market] of Object.entries(markets)) {
  let best = { price: 0, earnings: 0 }
  for (const price of FIXED_PRICES) {
    const earnings = mean('fixed', price, market)
    if (earnings > best.earnings) best = { price, earnings }
  }
  const ratios = [100, 60, 200].map((start) => (mean('adaptive', start, market) / best.earnings).toFixed(3))
  console.log(
    `${name}: best fixed price in hindsight ${best.price} ticks; adaptive / best fixed, from 100 / 60 / 200 ticks: ${ratios.join(' / ')}`,
  )
}
