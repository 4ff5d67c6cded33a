import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandboxPool, loadBundle, SandboxError, type SandboxPool, writeShards } from '@neuromation/engine'
import { bundleFiles, hostileModuleSource } from '@neuromation/engine/testing/hostileGenerator'
import { type JobSpec, parseJobSpec } from '@neuromation/sdk'
import { sha256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeShard, MAX_SHARD_BYTES, probeTasks } from './computeShard'
import { isPermanentFailure } from './isPermanentFailure'

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

  it('stops a shard over its byte budget at the sample that crosses it, as a permanent failure', async () => {
    const honest = await computeShard({ pool, spec, taskIndex: 1 })
    expect(honest.bytes.length).toBeLessThan(MAX_SHARD_BYTES)
    // A budget of the honest size passes; one byte less fails with 'output too large'.
    expect((await computeShard({ pool, spec, taskIndex: 1, maxBytes: honest.bytes.length })).sha256).toBe(honest.sha256)
    let samples = 0
    const error = await computeShard({
      pool,
      spec,
      taskIndex: 1,
      maxBytes: 2 * 1024,
      onSample: (done) => {
        samples = done
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxError)
    expect((error as SandboxError).code).toBe('OutputTooLarge')
    expect((error as Error).message).toMatch(/output too large/)
    expect(samples).toBeLessThan(spec.samplesPerTask) // it stopped early, not after the whole task
    expect(isPermanentFailure(error)).toBe(true)
    const overByOne = await computeShard({ pool, spec, taskIndex: 1, maxBytes: honest.bytes.length - 1 }).catch((e: unknown) => e)
    expect((overByOne as SandboxError).code).toBe('OutputTooLarge')
  })
})

describe('probeTasks', () => {
  it("runs one sample at the start of each task and throws the sandbox's error for the first that fails", async () => {
    const files = bundleFiles(hostileModuleSource)
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'))
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data)
    const bundle = await loadBundle(dir)
    const hostile = await createSandboxPool({ bundle, workers: 1 })
    try {
      // 10 samples per task; from sample 35 on the generator throws: task 3 (samples 30..39) fails
      // at its sixth sample, task 4 at its first.
      const base = { version: 1, kind: 'GENERATE', generator: bundle.cid, seed: 1, samplesPerTask: 10 } as const
      const lateFailure = parseJobSpec({ ...base, params: { mode: 'throwFrom', from: 35 } })
      // Tasks 0..3 pass the probe (each first sample is below 35): the failure inside task 3 is
      // found only by computing it.
      await probeTasks({ pool: hostile, spec: lateFailure, firstTask: 0, taskCount: 4 })
      const error = await probeTasks({ pool: hostile, spec: lateFailure, firstTask: 1, taskCount: 4 }).catch((e) => e)
      expect(error).toBeInstanceOf(SandboxError)
      expect(isPermanentFailure(error)).toBe(true)
      expect(String(error.message)).toMatch(/boom from 35 at 40/)
    } finally {
      await hostile.close()
    }
  })
})
