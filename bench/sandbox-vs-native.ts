// Generator throughput in the isolated-vm sandbox vs the same bundled module run natively, in
// one run on the same machine (goal: sandbox/native >= 0.8 per core). Uses generators/digits
// when present, else generators/shelf.
// Usage: npx tsx bench/sandbox-vs-native.ts [samples] [generator dir]
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { createRng, validateParams, type GenerateFn } from '@neuromation/generator-sdk'
import { createSandboxPool, loadBundle } from '@neuromation/engine'

const samples = Number(process.argv[2] ?? 200)
const dir = process.argv[3] ?? (existsSync('generators/digits/generator.json') ? 'generators/digits' : 'generators/shelf')
const bundle = await loadBundle(dir)
const params = validateParams(bundle.manifest.params, {})
const seed = 1

// Native: the very module the sandbox runs, imported into this process.
const mod = (await import(`data:text/javascript;base64,${Buffer.from(bundle.moduleSource).toString('base64')}`)) as { default: GenerateFn }
const native = (start: number, count: number): number => {
  const t = performance.now()
  for (let index = start; index < start + count; index++) mod.default({ seed, index, params, rng: createRng(seed, index) })
  return performance.now() - t
}

async function timePool(pool: Awaited<ReturnType<typeof createSandboxPool>>, start: number, count: number): Promise<number> {
  const t = performance.now()
  for await (const _ of pool.generate({ params, seed, start, count })) void _
  return performance.now() - t
}

// One long-lived single-worker pool against one thread of native code; both warmed up first
// (JIT, isolate start-up), then measured in alternating rounds so that load changes on a shared
// machine hit both alike.
const single = await createSandboxPool({ bundle, workers: 1, verifyEvery: 0 })
const warm = Math.max(10, Math.floor(samples / 4))
native(10_000_000, warm)
await timePool(single, 10_000_000, warm)
const rounds = 4
const perRound = Math.ceil(samples / rounds)
let nativeMs = 0
let sandboxMs = 0
for (let round = 0; round < rounds; round++) {
  nativeMs += native(round * perRound, perRound)
  sandboxMs += await timePool(single, round * perRound, perRound)
}
await single.close()
const cores = availableParallelism()
const pool = await createSandboxPool({ bundle, workers: cores, verifyEvery: 0 })
await timePool(pool, 10_000_000, warm)
const poolMs = await timePool(pool, 0, perRound * rounds)
await pool.close()
const rate = (ms: number): number => ((perRound * rounds) / ms) * 1000
const result = {
  generator: `${bundle.manifest.name} ${bundle.cid}`,
  samples: perRound * rounds,
  nativeSamplesPerSec: Number(rate(nativeMs).toFixed(1)),
  sandbox1WorkerSamplesPerSec: Number(rate(sandboxMs).toFixed(1)),
  ratioSandboxOverNative: Number((nativeMs / sandboxMs).toFixed(3)),
  [`sandbox${cores}WorkersSamplesPerSec`]: Number(rate(poolMs).toFixed(1)),
}
console.log(JSON.stringify(result, null, 2))
