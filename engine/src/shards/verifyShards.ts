import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE, type ShardManifest } from './ShardManifest.ts'

export interface ShardCheck {
  file: string
  ok: boolean
  /** Why it failed: missing, size or hash difference. */
  problem?: string
}

/** Re-hashes every shard listed in DIR/manifest.json and reports each one. */
export function verifyShards(dir: string): { manifest: ShardManifest; checks: ShardCheck[]; ok: boolean } {
  const path = join(dir, MANIFEST_FILE)
  if (!existsSync(path))
    throw new Error(`no ${MANIFEST_FILE} in ${dir}: give the directory that \`neuro-gen shards --out\` wrote`)
  let manifest: ShardManifest
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as ShardManifest
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`)
  }
  if (!Array.isArray(manifest.shards)) throw new Error(`${path} has no "shards" list: it is not a shard manifest`)
  const checks = manifest.shards.map((s): ShardCheck => {
    const file = join(dir, s.file)
    if (!existsSync(file)) return { file: s.file, ok: false, problem: 'missing' }
    const bytes = readFileSync(file)
    if (bytes.length !== s.bytes) return { file: s.file, ok: false, problem: `size ${bytes.length}, manifest says ${s.bytes}` }
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    if (sha256 !== s.sha256) return { file: s.file, ok: false, problem: `sha256 ${sha256}, manifest says ${s.sha256}` }
    return { file: s.file, ok: true }
  })
  return { manifest, checks, ok: checks.every((c) => c.ok) }
}
