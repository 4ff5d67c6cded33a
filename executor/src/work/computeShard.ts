import { createHash } from 'node:crypto'
import { SandboxError, type SandboxPool, shardEntries, type TarEntry, writeTar } from '@neuromation/engine'
import { type JobSpec, taskSamples } from '@neuromation/sdk'
import type { Hex } from 'viem'

/**
 * The most bytes one task's shard may take (its tar, headers and padding included). A sample may
 * be up to the sandbox's maxOutputBytes (64 MiB) and a task up to 10,000 samples, so without a
 * budget a hostile generator makes the executor hold hundreds of GiB: the shard is built in
 * memory (writeTar makes one buffer). 256 MiB is far above any useful shard (a WebDataset shard
 * is usually 100 MB to 1 GB split into many; a task of 10,000 28x28 PNGs is about 10 MB) and low
 * enough that the tar, its entries and one upload fit on a small node.
 */
export const MAX_SHARD_BYTES = 256 * 1024 * 1024

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
  /** The byte budget of the shard (default MAX_SHARD_BYTES); tests lower it. */
  maxBytes?: number
}

const TAR_BLOCK = 512

/**
 * Probes are skipped below this many samples per task: one sample of each task is then more than
 * an eighth of the work, and a generator that fails on some tasks is as soon found by computing.
 */
export const PROBE_MIN_SAMPLES_PER_TASK = 8

/**
 * Runs the first sample of each of `taskCount` tasks from `firstTask`, discarding them, so that a
 * generator that fails only on some tasks (by their sample indices and the job's params) is found
 * before the others are computed: an executor can decline an assignment free of charge only
 * within half of one task's time after it was assigned (IJobMarket.declineFreeUntil), later at a
 * share of its collateral that grows to half of it at the deadline. Throws what the sandbox throws
 * for the first failing sample (the generator is deterministic: it would fail there for good).
 */
export async function probeTasks(options: {
  pool: SandboxPool
  spec: JobSpec
  firstTask: number
  taskCount: number
  signal?: AbortSignal
}): Promise<void> {
  const { pool, spec, signal } = options
  for (let i = 0; i < options.taskCount; i++) {
    const { start } = taskSamples(spec, options.firstTask + i)
    // Encoded too: an output the encoder refuses fails the task as surely as a throw.
    for await (const _sample of pool.generate({ params: spec.params, seed: spec.seed, start, count: 1, signal, encode: true })) {
      // Only whether it fails matters.
    }
  }
}

/**
 * Runs task `taskIndex` of a job in the sandbox pool: samples [t*samplesPerTask, (t+1)*samplesPerTask)
 * into one tar shard (market decision 4). The same bytes come out on every machine: the engine's
 * tar writer and PNG encoder are deterministic, and the pool re-runs samples to catch generators
 * that are not. A shard that would exceed `maxBytes` stops at the sample that crosses it with a
 * SandboxError('OutputTooLarge'): the generator is deterministic, so it fails for good, like any
 * other hostile bundle.
 */
export async function computeShard(options: ComputeShardOptions): Promise<Shard> {
  const { pool, spec, taskIndex } = options
  const { start, count } = taskSamples(spec, taskIndex)
  const maxBytes = options.maxBytes ?? MAX_SHARD_BYTES
  const entries: TarEntry[] = []
  // writeTar's size: two zero blocks at the end, a header block per entry, data padded to blocks.
  let tarBytes = 2 * TAR_BLOCK
  let done = 0
  for await (const sample of pool.generate({
    params: spec.params,
    seed: spec.seed,
    start,
    count,
    signal: options.signal,
    encode: true,
  })) {
    for (const entry of sample.files ?? shardEntries(sample)) {
      tarBytes += TAR_BLOCK + Math.ceil(entry.data.length / TAR_BLOCK) * TAR_BLOCK
      if (tarBytes > maxBytes) {
        // Leaving the loop returns the generator, which stops the pool's work on this task.
        throw new SandboxError(
          'OutputTooLarge',
          `task ${taskIndex}'s shard is over ${maxBytes} bytes at sample ${start + done} of ${start}..${start + count - 1}: output too large`,
          { index: start + done },
        )
      }
      entries.push(entry)
    }
    done++
    options.onSample?.(done, count)
  }
  let bytes = writeTar(entries)
  if (options.cheat === 'wrong-shard') bytes = Uint8Array.from([...bytes, 0x42])
  return { taskIndex, bytes, sha256: `0x${createHash('sha256').update(bytes).digest('hex')}` }
}
