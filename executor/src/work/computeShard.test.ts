import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandboxPool, loadBundle, type SandboxPool, writeShards } from '@neuromation/engine'
import { type JobSpec, parseJobSpec } from '@neuromation/sdk'
import { sha256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeShard } from './computeShard'

const digits = join(import.meta.dirname, '../../../generators/digits')
let pool: SandboxPool
let spec: JobSpec

beforeAll(async () => {
  const bundle = await loadBundle(digits)
  pool = await createSandboxPool({ bundle, workers: 1 })
  spec = parseJobSpec({ version: 1, kind: 'GENERATE', generator: bundle.cid, params: {}, seed: 7, samplesPerTask: 4 })
})

afterAll(async () => {
  await pool?.close()
})

describe('computeShard', () => {
  it("is the engine's shard of the task's samples, byte for byte, and the same on every run", async () => {
    const shard = await computeShard({ pool, spec, taskIndex: 2 })
    // The engine's own writer over the same samples (start 8, count 4, one shard) gives the same bytes.
    const out = mkdtempSync(join(tmpdir(), 'shard-'))
    const manifest = await writeShards({ pool, seed: 7, count: 4, start: 8, shardSize: 4, outDir: out })
    expect(sha256(new Uint8Array(readFileSync(join(out, manifest.shards[0].file))))).toBe(shard.sha256)
    expect((await computeShard({ pool, spec, taskIndex: 2 })).sha256).toBe(shard.sha256)
    expect((await computeShard({ pool, spec, taskIndex: 3 })).sha256).not.toBe(shard.sha256)
  })

  it('cheats only when told to (tests of challenges)', async () => {
    const honest = await computeShard({ pool, spec, taskIndex: 0 })
    const cheat = await computeShard({ pool, spec, taskIndex: 0, cheat: 'wrong-shard' })
    expect(cheat.sha256).not.toBe(honest.sha256)
    expect(cheat.bytes.length).toBe(honest.bytes.length + 1)
  })
})
