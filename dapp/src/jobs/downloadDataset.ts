import { type TarEntry, writeTar } from '@neuromation/engine/browser'
import type { GatewayClient } from './gatewayClient'
import { readTar } from './readTar'
import { shardFileName } from './shardFileName'
import type { DatasetPart } from './webdatasetSnippet'

/**
 * The whole dataset as one WebDataset tar: every task's shard fetched from its result directory
 * (task order) and their files written into one archive with the engine's deterministic tar
 * writer, so it reads exactly like the shards themselves (`<key>.png`, `<key>.json`, ...).
 */
export async function downloadDataset(
  gateway: GatewayClient,
  parts: DatasetPart[],
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  const tasks = [...parts]
    .sort((a, b) => a.firstTask - b.firstTask)
    .flatMap((p) => Array.from({ length: p.taskCount }, (_, i) => ({ cid: p.resultCid, task: p.firstTask + i })))
  const entries: TarEntry[] = []
  for (const [i, { cid, task }] of tasks.entries()) {
    const shard = await gateway.getBytes(cid, shardFileName(task), { maxBytes: 512 * 1024 * 1024, timeoutMs: 60_000 })
    for (const file of readTar(shard)) entries.push({ name: file.name, data: file.data })
    onProgress?.(i + 1, tasks.length)
  }
  return writeTar(entries)
}
