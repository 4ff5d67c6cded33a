import { type TarEntry, writeTar } from '@neuromation/engine/browser'
import { type GatewayClient, retryGatewayRead } from './gatewayClient'
import { readTar, TarError } from './readTar'
import { shardFileName } from './shardFileName'
import { shardSamples } from './shardSamples'
import type { DatasetPart } from './webdatasetSnippet'

/** Shards fetched at once: a dataset of many small shards is not read one round trip at a time. */
export const PARALLEL_SHARDS = 4

export type DownloadOptions = {
  onProgress?: (done: number, total: number) => void
  /** Waits before a retry (React Query's backoff: 1, 2, 4, 8 s); tests pass a shorter one. */
  backoff?: (failures: number) => Promise<void>
}

const sleepBackoff = (failures: number) => new Promise<void>((resolve) => setTimeout(resolve, 1000 * 2 ** (failures - 1)))

/**
 * The whole dataset as one WebDataset tar: every task's shard fetched from its result directory
 * ({@link PARALLEL_SHARDS} at a time, each retried like the page's other reads of content-addressed
 * data when the gateway fails transiently) and their files written in task order into one archive
 * with the engine's deterministic tar writer, so it reads exactly like the shards themselves
 * (`<key>.png`, `<key>.json`, ...). Each shard must hold exactly its task's `samplesPerTask` samples
 * under the engine's names ({@link shardSamples}): the names come from an executor, and the
 * archive is opened by other tools (a name like `../x` or a sample of another task would land in
 * the user's dataset as the executor chose). The first shard that cannot be read ends the download
 * with its error.
 */
export async function downloadDataset(
  gateway: GatewayClient,
  parts: DatasetPart[],
  samplesPerTask: number,
  { onProgress, backoff = sleepBackoff }: DownloadOptions = {},
): Promise<Uint8Array> {
  const tasks = [...parts]
    .sort((a, b) => a.firstTask - b.firstTask)
    .flatMap((p) => Array.from({ length: p.taskCount }, (_, i) => ({ cid: p.resultCid, task: p.firstTask + i })))
  const shards: Uint8Array[] = new Array(tasks.length)
  let next = 0
  let done = 0
  let failed = false
  const readShard = async (cid: string, task: number) => {
    for (let failures = 0; ; ) {
      try {
        return await gateway.getBytes(cid, shardFileName(task), { maxBytes: 512 * 1024 * 1024, timeoutMs: 60_000 })
      } catch (error) {
        if (failed || !(error instanceof Error) || !retryGatewayRead(failures, error)) throw error
        await backoff(++failures)
      }
    }
  }
  const worker = async () => {
    while (next < tasks.length && !failed) {
      const i = next++
      try {
        shards[i] = await readShard(tasks[i].cid, tasks[i].task)
      } catch (error) {
        failed = true
        throw error
      }
      onProgress?.(++done, tasks.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SHARDS, tasks.length) }, worker))
  const entries: TarEntry[] = shards.flatMap((shard, i) => {
    const { task } = tasks[i]
    try {
      shardSamples(shard, { first: task * samplesPerTask, count: samplesPerTask })
    } catch (error) {
      if (!(error instanceof TarError)) throw error
      throw new TarError(`task ${task}'s shard (${tasks[i].cid}/${shardFileName(task)}) is not a shard of it: ${error.message}`, {
        cause: error,
      })
    }
    return readTar(shard).map((file) => ({ name: file.name, data: file.data }))
  })
  return writeTar(entries)
}
