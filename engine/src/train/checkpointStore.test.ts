import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Checkpoint, CheckpointStore } from './checkpointStore.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

function checkpoint(step: number, extra: Partial<Checkpoint> = {}): Checkpoint {
  return {
    fingerprint: 'run-a',
    step,
    epochs: [],
    weights: [Float32Array.of(step, 2), Float32Array.of(3)],
    optimizerWeights: [Float32Array.of(0.5)],
    ...extra,
  }
}

describe('CheckpointStore', () => {
  it('round-trips weights, the best epoch and the running weight average, keeping only the latest files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-store-'))
    dirs.push(dir)
    const store = new CheckpointStore(dir)
    expect(await store.load()).toBeUndefined()
    const best = { epoch: 1, validationAccuracy: 0.9, weights: [Float32Array.of(7, 8), Float32Array.of(9)] }
    let bestFile = await store.save(
      checkpoint(12, { best, average: { fromEpoch: 1, count: 1, weights: [Float32Array.of(1, 1), Float32Array.of(1)] } }),
      true,
    )
    const average = { fromEpoch: 1, count: 2, weights: [Float32Array.of(1.5, 2), Float32Array.of(2.5)] }
    bestFile = await store.save(checkpoint(24, { best, average }), false, bestFile)
    const loaded = await store.load()
    expect(loaded?.step).toBe(24)
    expect(loaded?.weights).toEqual([Float32Array.of(24, 2), Float32Array.of(3)])
    expect(loaded?.best).toEqual(best)
    expect(loaded?.average).toEqual(average)
    expect((await readdir(dir)).sort()).toEqual([bestFile, 'avg-00000002.bin', 'state.json', 'step-00000024.bin'].sort())
  })

  it('loads a checkpoint without an average as one without (runs that do not average)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-store-'))
    dirs.push(dir)
    const store = new CheckpointStore(dir)
    await store.save(checkpoint(5), false)
    const loaded = await store.load()
    expect(loaded?.average).toBeUndefined()
    expect((await readdir(dir)).filter((f) => f.startsWith('avg-'))).toEqual([])
  })
})
