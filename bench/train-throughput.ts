// Training throughput of the sim2real CNN (preset mnist-cnn): tfjs on every backend present vs
// the same CNN in PyTorch on this machine's CPU, both using every core, in one run
// (goal: tfjs / PyTorch >= 0.5).
// Usage: npx tsx bench/train-throughput.ts [steps=20] [batch=128]
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { BACKEND_ORDER, type BackendName, ReplicaSet, resolveModel } from '@neuromation/engine'

const steps = Number(process.argv[2] ?? 20)
const batch = Number(process.argv[3] ?? 128)
const cores = availableParallelism()
const model = await resolveModel('mnist-cnn', { inputShape: [28, 28, 1], numClasses: 10 }, 0)

// Fixed pseudo-random inputs: this measures training, not generation.
const x = new Float32Array(batch * 784)
const labels = new Int32Array(batch)
let s = 1
for (let i = 0; i < x.length; i++) {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0
  x[i] = s / 2 ** 32
}
for (let i = 0; i < batch; i++) labels[i] = i % 10

async function measure(backend: BackendName): Promise<{ samplesPerSecond?: number; note?: string }> {
  // The cpu backend needs ~1 s per sample for this CNN: one small step shows its rate.
  const [n, b] = backend === 'cpu' ? [1, 16] : [steps, batch]
  let replicas: ReplicaSet
  try {
    replicas = await ReplicaSet.start({
      count: cores,
      backend,
      topology: model.topology,
      weights: model.weights,
      optimizer: { name: 'adam', learningRate: 1e-3 },
    })
  } catch (error) {
    return { note: (error as Error).message.replace(/^.*?: /, '') }
  }
  try {
    const bx = x.subarray(0, b * 784)
    const by = labels.subarray(0, b)
    if (backend !== 'cpu') for (let i = 0; i < 3; i++) await replicas.step(bx.slice(), by.slice(), 1e-3)
    const t = performance.now()
    for (let i = 0; i < n; i++) await replicas.step(bx.slice(), by.slice(), 1e-3)
    return { samplesPerSecond: (n * b) / ((performance.now() - t) / 1000) }
  } finally {
    await replicas.close()
  }
}

const results: Record<string, { samplesPerSecond?: number; note?: string }> = {}
for (const backend of BACKEND_ORDER) {
  results[backend] = await measure(backend)
  const r = results[backend]
  console.log(
    `tfjs ${backend.padEnd(14)} ${r.samplesPerSecond ? `${r.samplesPerSecond.toFixed(1)} samples/s (${cores} replicas)` : `not available: ${r.note}`}`,
  )
}
let torch: { samplesPerSecond: number; threads: number; torch: string } | undefined
try {
  torch = JSON.parse(
    execFileSync('/usr/bin/python3', ['bench/train_throughput_torch.py', String(batch), String(steps), String(cores)], {
      encoding: 'utf8',
    }),
  )
  console.log(`pytorch cpu        ${torch!.samplesPerSecond.toFixed(1)} samples/s (${cores} threads, torch ${torch!.torch})`)
} catch (error) {
  console.log(`pytorch cpu        not available: ${(error as Error).message.split('\n')[0]} (apt-get install -y python3-torch)`)
}
const best = BACKEND_ORDER.map((b) => results[b].samplesPerSecond).find((v) => v !== undefined)
if (torch && best)
  console.log(
    `ratio tfjs(${BACKEND_ORDER.find((b) => results[b].samplesPerSecond)}) / pytorch = ${(best / torch.samplesPerSecond).toFixed(2)} (goal >= 0.5)`,
  )
console.log(JSON.stringify({ batch, steps, cores, tfjs: results, pytorch: torch ?? null }))
