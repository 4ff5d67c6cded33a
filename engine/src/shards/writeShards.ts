import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateParams } from '@neuromation/generator-sdk'
import type { SandboxPool } from '../sandbox/createSandboxPool.ts'
import { MANIFEST_FILE, type ShardInfo, type ShardManifest } from './ShardManifest.ts'
import { shardEntries } from './shardEntries.ts'
import { type TarEntry, writeTar } from './writeTar.ts'

export interface WriteShardsOptions {
  pool: SandboxPool
  params?: unknown
  seed: number
  count: number
  shardSize: number
  outDir: string
  /** First global index (default 0). */
  start?: number
  /** Called after every sample. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

/** Shard file name for the n-th shard of a set. */
export function shardFileName(n: number): string {
  return `shard-${String(n).padStart(6, '0')}.tar`
}

/**
 * Generates `count` samples in the sandbox pool into deterministic tar shards of `shardSize`
 * samples (the last may be smaller) plus manifest.json. Each shard is written to a temporary
 * name and renamed once complete, so a crash never leaves a truncated shard under its real name.
 */
export async function writeShards(options: WriteShardsOptions): Promise<ShardManifest> {
  const { pool, seed, count, shardSize, outDir } = options
  const start = options.start ?? 0
  for (const [name, v, min] of [
    ['count', count, 1],
    ['shardSize', shardSize, 1],
    ['seed', seed, 0],
    ['start', start, 0],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(v)}`)
  }
  const params = validateParams(pool.bundle.manifest.params, options.params ?? {})
  mkdirSync(outDir, { recursive: true })
  const shards: ShardInfo[] = []
  let entries: TarEntry[] = []
  let inShard = 0
  let done = 0
  const flush = (): void => {
    const n = shards.length
    const file = shardFileName(n)
    const bytes = writeTar(entries)
    const tmp = join(outDir, `.${file}.partial`)
    writeFileSync(tmp, bytes)
    renameSync(tmp, join(outDir, file))
    shards.push({
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      first: start + n * shardSize,
      count: inShard,
    })
    entries = []
    inShard = 0
  }
  // PNG compression costs about as much as rendering a shelf scene: done in the workers.
  for await (const sample of pool.generate({ params, seed, start, count, signal: options.signal, encode: true })) {
    for (const e of sample.files ?? shardEntries(sample)) entries.push(e)
    inShard++
    done++
    options.onProgress?.(done, count)
    if (inShard === shardSize) flush()
  }
  if (inShard > 0) flush()
  const { manifest: m, cid, moduleSha256 } = pool.bundle
  const manifest: ShardManifest = {
    format: 'webdataset-tar/1',
    generator: { name: m.name, version: m.version, cid, moduleSha256 },
    params,
    seed,
    start,
    count,
    shardSize,
    shards,
  }
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}
