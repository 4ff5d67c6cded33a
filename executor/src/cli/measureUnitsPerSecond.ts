import { fileURLToPath } from 'node:url'
import { createSandboxPool, loadBundle } from '@neuromation/engine'

/** The reference generator of the benchmark: the repository's `digits` (the market's example job). */
const DIGITS_DIR = fileURLToPath(new URL('../../../generators/digits/', import.meta.url))
/** Samples run first and not timed: the isolates start and the JIT warms up. */
const WARM_UP = 16

export type Throughput = { unitsPerSecond: number; samplesPerSecond: number; samples: number; seconds: number; workers: number }

/**
 * This machine's throughput in the market's compute units per second, measured with a short real
 * run of the `digits` generator in the engine's sandbox pool (the workers the daemon will use,
 * PNG-encoded as a shard holds them), so `register` declares what the node does rather than a
 * number typed in. Rounded down, at least 1.
 */
export async function measureUnitsPerSecond(options: {
  samples: number
  workers: number
  signal?: AbortSignal
}): Promise<Throughput> {
  const bundle = await loadBundle(DIGITS_DIR)
  const pool = await createSandboxPool({ bundle, workers: options.workers })
  try {
    for await (const _ of pool.generate({ params: {}, seed: 1, start: 0, count: WARM_UP, encode: true })) {
      if (options.signal?.aborted) throw new Error('benchmark aborted')
    }
    const started = performance.now()
    let samples = 0
    for await (const _ of pool.generate({ params: {}, seed: 2, start: WARM_UP, count: options.samples, encode: true })) {
      samples++
      if (options.signal?.aborted) throw new Error('benchmark aborted')
    }
    const seconds = Math.max(1e-3, (performance.now() - started) / 1000)
    const samplesPerSecond = samples / seconds
    return {
      unitsPerSecond: Math.max(1, Math.floor(samplesPerSecond * bundle.manifest.computeUnitsPerSample)),
      samplesPerSecond,
      samples,
      seconds,
      workers: options.workers,
    }
  } finally {
    await pool.close()
  }
}
