import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Artifacts codegen and the launcher need; a missing one means out/ must be built. */
const artifacts = ['NeuroToken', 'TokenSale', 'BurnSchedule', 'NeuroVestingWallet'].map((name) => join('out', `${name}.sol`, `${name}.json`))

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return path.endsWith('.sol') || path.endsWith('.toml') ? stat.mtimeMs : 0
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), 0)
}

/**
 * True when out/ lacks an artifact or a contract source (or foundry.toml) changed after the
 * oldest one was written. forge's own cache decides what to recompile; this only saves the
 * ~1 s of a no-op build on every start.
 */
export function contractsAreStale(root: string): boolean {
  const paths = artifacts.map((a) => join(root, a))
  if (!paths.every((p) => existsSync(p))) return true
  const oldestArtifact = Math.min(...paths.map((p) => statSync(p).mtimeMs))
  const newestSource = Math.max(newestMtime(join(root, 'contracts')), newestMtime(join(root, 'foundry.toml')))
  return newestSource > oldestArtifact
}
