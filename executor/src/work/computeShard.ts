import { createHash } from 'node:crypto'
import { type SandboxPool, shardEntries, type TarEntry, writeTar } from '@neuromation/engine'
import { type JobSpec, taskSamples } from '@neuromation/sdk'
import type { Hex } from 'viem'

/** One task's shard: the deterministic WebDataset tar of its samples and its sha256. */
export type Shard = { taskIndex: number; bytes: Uint8Array; sha256: Hex }

export type ComputeShardOptions = {
  pool: SandboxPool
  spec: JobSpec
  taskIndex: number
  signal?: AbortSignal
  /** Called after each sample with (done, total). */
  onSample?: (done: number, total: number) => void
  /**
   * TESTS ONLY: produce a wrong shard on purpose (a byte appended), to exercise challenges. A node
   * run with it loses its collateral on the first audit.
   */
  cheat?: 'wrong-shard'
}

/**
 * Runs task `taskIndex` of a job in the sandbox pool: samples [t*samplesPerTask, (t+1)*samplesPerTask)
 * into one tar shard (market decision 4). The same bytes come out on every machine: the engine's
 * tar writer and PNG encoder are deterministic, and the pool re-runs samples to catch generators
 * that are not.
 */
export async function computeShard(options: ComputeShardOptions): Promise<Shard> {
  const { pool, spec, taskIndex } = options
  const { start, count } = taskSamples(spec, taskIndex)
  const entries: TarEntry[] = []
  let done = 0
  for await (const sample of pool.generate({
    params: spec.params,
    seed: spec.seed,
    start,
    count,
    signal: options.signal,
    encode: true,
  })) {
    for (const entry of sample.files ?? shardEntries(sample)) entries.push(entry)
    done++
    options.onSample?.(done, count)
  }
  let bytes = writeTar(entries)
  if (options.cheat === 'wrong-shard') bytes = Uint8Array.from([...bytes, 0x42])
  return { taskIndex, bytes, sha256: `0x${createHash('sha256').update(bytes).digest('hex')}` }
}
