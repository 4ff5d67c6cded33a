// Generator throughput in the isolated-vm sandbox vs the same bundled module run natively, in
// one run on the same machine (goal: sandbox/native >= 0.8 per core). Uses generators/digits
// when present, else generators/shelf.
// Usage: npx tsx bench/sandbox-vs-native.ts [samples] [generator dir]
import { existsSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { createSandboxPool, loadBundle } from '@neuromation/engine'
import { createRng, type GenerateFn, validateParams } from '@neuromation/generator-sdk'

const samples = Number(process.argv[2] ?? 200)
const dir = process.argv[3] ?? (existsSync('generators/digits/generator.json') ? 'generators/digits' : 'generators/shelf')
const bundle = await loadBundle(dir)
const params = validateParams(bundle.manifest.params, {})
const seed = 1

// Wall time and CPU time (all threads of this process, user + system) of a piece of work. On a
// shared machine the wall-clock ratio swings with other load; CPU seconds per sample do not.
interface Cost {
  wallMs: number
  cpuMs: number
}
async function measure(work: () => unknown): Promise<Cost> {
  const cpu = process.cpuUsage()
  const t = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 }
}

// Native: the very module the sandbox runs, imported into this process.
const mod = (await import(`data:text/javascript;base64,${Buffer.from(bundle.moduleSource).toString('base64')}`)) as {
  default: GenerateFn
}
const native = (start: number, count: number): Promise<Cost> =>
  measure(() => {
    for (let index = start; index < start + count; index++) mod.default({ seed, index, params, rng: createRng(seed, index) })
  })

const timePool = (pool: Awaited<ReturnType<typeof createSandboxPool>>, start: number, count: number): Promise<Cost> =>
  measure(async () => {
    for await (const _ of pool.generate({ params, seed, start, count })) void _
  })

// One long-lived single-worker pool against one thread of native code; both warmed up first
// (JIT, isolate start-up), then measured in alternating rounds so that load changes on a shared
// machine hit both alike.
const single = await createSandboxPool({ bundle, workers: 1, verifyEvery: 0 })
const warm = Math.max(10, Math.floor(samples / 4))
await native(10_000_000, warm)
await timePool(single, 10_000_000, warm)
const rounds = 4
const perRound = Math.ceil(samples / rounds)
const nativeCost: Cost = { wallMs: 0, cpuMs: 0 }
const sandboxCost: Cost = { wallMs: 0, cpuMs: 0 }
const add = (total: Cost, c: Cost): void => {
  total.wallMs += c.wallMs
  total.cpuMs += c.cpuMs
}
for (let round = 0; round < rounds; round++) {
  add(nativeCost, await native(round * perRound, perRound))
  add(sandboxCost, await timePool(single, round * perRound, perRound))
}
await single.close()
const cores = availableParallelism()
const pool = await createSandboxPool({ bundle, workers: cores, verifyEvery: 0 })
await timePool(pool, 10_000_000, warm)
const poolCost = await timePool(pool, 0, perRound * rounds)
await pool.close()
const n = perRound * rounds
const rate = (ms: number): number => Number(((n / ms) * 1000).toFixed(1))
const result = {
  generator: `${bundle.manifest.name} ${bundle.cid}`,
  samples: n,
  nativeSamplesPerSec: rate(nativeCost.wallMs),
  sandbox1WorkerSamplesPerSec: rate(sandboxCost.wallMs),
  ratioSandboxOverNative: Number((nativeCost.wallMs / sandboxCost.wallMs).toFixed(3)),
  nativeSamplesPerCpuSec: rate(nativeCost.cpuMs),
  sandboxSamplesPerCpuSec: rate(sandboxCost.cpuMs),
  ratioPerCpuSecond: Number((nativeCost.cpuMs / sandboxCost.cpuMs).toFixed(3)),
  [`sandbox${cores}WorkersSamplesPerSec`]: rate(poolCost.wallMs),
  loadAverage1m: Number(loadavg()[0].toFixed(1)),
}
console.log(JSON.stringify(result, null, 2))
