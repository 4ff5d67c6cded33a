import { merkleRoot } from '@neuromation/sdk'
import type { Hex } from 'viem'

/** The largest manifest.json an audit reads (an honest one lists ~150 bytes per task). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** What a result's manifest.json says about the tasks of the assignment it claims. */
export type ManifestCheck = { ok: true; shardHash: (taskIndex: number) => Hex | undefined } | { ok: false; reason: string }

/**
 * Checks a result manifest against the assignment on chain: JSON, one `{ task, sha256 }` per task
 * of the assignment in order (sha256 as 32-byte hex), and those hashes must give the submitted
 * Merkle root. When they do, every shard hash in it is bound to the chain by the root (a leaf is
 * keccak256(taskIndex, sha256)), wherever the bytes came from.
 */
export function checkResultManifest(
  bytes: Uint8Array,
  assignment: { firstTask: number; taskCount: number; root: Hex },
): ManifestCheck {
  let manifest: unknown
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return { ok: false, reason: 'the result manifest is not JSON' }
  }
  const shards = (manifest as { shards?: unknown } | null)?.shards
  if (!Array.isArray(shards)) return { ok: false, reason: 'the result manifest has no shard list' }
  if (shards.length !== assignment.taskCount) {
    return { ok: false, reason: `the result manifest lists ${shards.length} shards for ${assignment.taskCount} tasks` }
  }
  const hashes: Hex[] = []
  for (const [i, shard] of shards.entries()) {
    const { task, sha256 } = (shard ?? {}) as { task?: unknown; sha256?: unknown }
    if (task !== assignment.firstTask + i || typeof sha256 !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(sha256)) {
      return {
        ok: false,
        reason: `the result manifest's shard ${i} is not { task: ${assignment.firstTask + i}, sha256: 0x<64 hex> }`,
      }
    }
    hashes.push(sha256 as Hex)
  }
  const root = merkleRoot(hashes.map((shardHash, i) => ({ taskIndex: assignment.firstTask + i, shardHash })))
  if (root.toLowerCase() !== assignment.root.toLowerCase()) {
    return { ok: false, reason: 'the result manifest does not give the submitted root' }
  }
  return { ok: true, shardHash: (taskIndex) => hashes[taskIndex - assignment.firstTask] }
}
