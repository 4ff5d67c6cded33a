// Does the adaptive ask earn more than a fixed one? A discrete-time market: requesters post jobs
// whose max price is drawn from a distribution; each job's tasks go to the cheapest asks with
// free capacity at or under its max price (price-time priority, as the JobMarket matches), each
// paid at its own ask; a task occupies its executor for a few steps. Competitors keep fixed asks.
// "Ours" runs once with the adaptive strategy and once fixed at the same start price, on the same
// random demand, and the ratio of its earnings is printed (goal > 1).
//
//   npx tsx bench/executor-asks.ts [steps=20000] [seeds=5]
import { AskStrategy } from '@neuromation/executor'

type Executor = {
  name: string
  price: () => number
  capacity: number
  busy: number[]
  earnings: number
  won: number
  util: number
  samples: number
}

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

function simulate(adaptive: boolean, seed: number, steps: number, start: number): number {
  const random = rng(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const strategy = new AskStrategy({ strategy: adaptive ? 'adaptive' : 'fixed', priceTick: start, minTick: 10, maxTick: 10_000 })
  const ours: Executor = {
    name: 'ours',
    price: () => strategy.priceTick,
    capacity: 4,
    busy: [],
    earnings: 0,
    won: 0,
    util: 0,
    samples: 0,
  }
  const competitors: Executor[] = [60, 90, 120, 160, 220].map((p) => ({
    name: `fixed-${p}`,
    price: () => p,
    capacity: 4,
    busy: [],
    earnings: 0,
    won: 0,
    util: 0,
    samples: 0,
  }))
  const all = [ours, ...competitors]
  const interval = 20 // steps between ask updates (the daemon's ask interval)
  for (let step = 0; step < steps; step++) {
    for (const e of all) e.busy = e.busy.filter((end) => end > step)
    // Demand: about 1.5 jobs per step, 1-6 tasks each, max price lognormal around 150 ticks with a
    // daily-like swing, so the best price moves and a fixed ask is right only part of the time.
    const swing = 1 + 0.4 * Math.sin((2 * Math.PI * step) / 2000)
    const jobs = random() < 0.5 ? 1 : 2
    for (let j = 0; j < jobs; j++) {
      const maxPrice = 150 * swing * Math.exp(0.35 * gauss())
      let tasks = 1 + Math.floor(random() * 6)
      const book = all.filter((e) => e.price() <= maxPrice && e.busy.length < e.capacity).sort((a, b) => a.price() - b.price())
      for (const e of book) {
        while (tasks > 0 && e.busy.length < e.capacity) {
          e.busy.push(step + 3 + Math.floor(random() * 4))
          e.earnings += e.price()
          e.won++
          tasks--
        }
        if (tasks === 0) break
      }
    }
    ours.util += ours.busy.length / ours.capacity
    ours.samples++
    if (step % interval === interval - 1) {
      strategy.observe({ tasksWon: ours.won, utilization: ours.util / ours.samples })
      ours.won = 0
      ours.util = 0
      ours.samples = 0
    }
  }
  return ours.earnings
}

const steps = Number(process.argv[2] ?? 20_000)
const seeds = Number(process.argv[3] ?? 5)
// The operator's starting price: near the market's sweet spot, too low, and too high.
for (const start of [100, 60, 200]) {
  let adaptiveTotal = 0
  let fixedTotal = 0
  for (let seed = 1; seed <= seeds; seed++) {
    adaptiveTotal += simulate(true, seed, steps, start)
    fixedTotal += simulate(false, seed, steps, start)
  }
  console.log(
    `start ${start} ticks: earnings adaptive ${(adaptiveTotal / seeds).toFixed(0)}, fixed ${(fixedTotal / seeds).toFixed(0)}, ratio adaptive/fixed ${(adaptiveTotal / fixedTotal).toFixed(3)} (${seeds} seeds x ${steps} steps; goal > 1)`,
  )
}
