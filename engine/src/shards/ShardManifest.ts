import type { JsonValue } from '@neuromation/generator-sdk'

/** One shard of a dataset. */
export interface ShardInfo {
  file: string
  sha256: string
  bytes: number
  /** First global sample index in the shard. */
  first: number
  count: number
}

/**
 * manifest.json of a shard set. Holds no time or host information, so the same generator,
 * params, seed and range always give a byte-identical manifest.
 */
export interface ShardManifest {
  format: 'webdataset-tar/1'
  generator: { name: string; version: string; cid: string; moduleSha256: string }
  /** Params as validated, defaults filled in. */
  params: Record<string, JsonValue>
  seed: number
  start: number
  count: number
  shardSize: number
  shards: ShardInfo[]
}

export const MANIFEST_FILE = 'manifest.json'
