import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Batch, BatchSource } from './BatchSource.ts'
import { createAugmentedSource } from './createAugmentedSource.ts'

const W = 28
const H = 28

// A stream of plus signs (a vertical and a horizontal 2 px bar through the centre): simple enough
// that each augmentation's effect can be measured on it.
function plusSource(): BatchSource & { closed: boolean } {
  const source = {
    closed: false,
    info: { generator: 'plus@1 test', params: {}, seed: 0, inputShape: [H, W, 1] as [number, number, number], numClasses: 2 },
    async read(start: number, count: number): Promise<Batch> {
      const x = new Float32Array(count * W * H)
      const labels = new Int32Array(count)
      for (let i = 0; i < count; i++) {
        for (let k = 6; k < 22; k++) {
          x[i * W * H + k * W + 13] = 1
          x[i * W * H + k * W + 14] = 1
          x[i * W * H + 13 * W + k] = 1
          x[i * W * H + 14 * W + k] = 1
        }
        labels[i] = (start + i) % 2
      }
      return { x, labels }
    },
    async close() {
      source.closed = true
    },
  }
  return source
}

const sha = (x: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))
    .digest('hex')
const ink = (x: Float32Array, i: number) => x.subarray(i * W * H, (i + 1) * W * H).reduce((a, b) => a + b, 0)

describe('createAugmentedSource', () => {
  it('is a pure function of (seed, sample index): same bytes every read, whatever the batching', async () => {
    const a = createAugmentedSource(plusSource(), { seed: 7 })
    const whole = await a.read(10, 8)
    const again = await createAugmentedSource(plusSource(), { seed: 7 }).read(10, 8)
    expect(sha(again.x)).toBe(sha(whole.x))
    // Samples 14..17 read in a batch of their own are the same as inside the larger batch.
    const part = await a.read(14, 4)
    expect(sha(part.x)).toBe(sha(whole.x.subarray(4 * W * H)))
    const other = await createAugmentedSource(plusSource(), { seed: 8 }).read(10, 8)
    expect(sha(other.x)).not.toBe(sha(whole.x))
    expect(Array.from(whole.labels)).toEqual([0, 1, 0, 1, 0, 1, 0, 1])
  })

  it('varies every sample, keeps pixels in [0, 1] and keeps most of the ink', async () => {
    const raw = await plusSource().read(0, 64)
    const out = await createAugmentedSource(plusSource(), { seed: 1 }).read(0, 64)
    const hashes = new Set<string>()
    for (let i = 0; i < 64; i++) {
      const sample = out.x.subarray(i * W * H, (i + 1) * W * H)
      hashes.add(sha(sample))
      expect(sha(sample)).not.toBe(sha(raw.x.subarray(i * W * H, (i + 1) * W * H)))
      for (const v of sample) expect(v >= 0 && v <= 1).toBe(true)
      // Warps of +-15% scale, thinning and gamma change the ink, but a digit stays a digit.
      expect(ink(out.x, i) / ink(raw.x, i)).toBeGreaterThan(0.3)
      expect(ink(out.x, i) / ink(raw.x, i)).toBeLessThan(3)
    }
    expect(hashes.size).toBe(64)
  })

  it('does exactly what each option asks: a pure shift moves the ink, dilation thickens it', async () => {
    const none = {
      rotationDegrees: 0,
      scale: [1, 1] as [number, number],
      shear: 0,
      translate: 0,
      morphology: 0,
      gamma: [1, 1] as [number, number],
    }
    const raw = await plusSource().read(0, 4)
    const identity = await createAugmentedSource(plusSource(), { seed: 3, ...none }).read(0, 4)
    expect(sha(identity.x)).toBe(sha(raw.x))
    const dilated = await createAugmentedSource(plusSource(), { seed: 3, ...none, morphology: 1 }).read(0, 16)
    const rawInk = ink(raw.x, 0)
    const changes = Array.from({ length: 16 }, (_, i) => ink(dilated.x, i) - rawInk)
    // About half the samples are thickened and half thinned.
    expect(changes.filter((c) => c > 1).length).toBeGreaterThan(2)
    expect(changes.filter((c) => c < -1).length).toBeGreaterThan(2)
    const skipped = await createAugmentedSource(plusSource(), { seed: 3, probability: 0 }).read(0, 4)
    expect(sha(skipped.x)).toBe(sha(raw.x))
  })

  it('records its options in the stream info and closes the source it wraps', async () => {
    const inner = plusSource()
    const source = createAugmentedSource(inner, { seed: 2, rotationDegrees: 5 })
    expect(source.info.augmentation).toMatchObject({ seed: 2, rotationDegrees: 5, translate: 2 })
    expect(source.info.generator).toBe(inner.info.generator)
    await source.close()
    expect(inner.closed).toBe(true)
  })

  it('refuses bad options with the option named', () => {
    expect(() => createAugmentedSource(plusSource(), { seed: 0, probability: 2 })).toThrow(/probability must be a fraction/)
    expect(() => createAugmentedSource(plusSource(), { seed: 0, scale: [1.2, 0.8] })).toThrow(/scale must be a range/)
    expect(() => createAugmentedSource(plusSource(), { seed: 0, rotate: 10 } as never)).toThrow(
      /unknown augmentation option "rotate"/,
    )
    const colour = { ...plusSource(), info: { ...plusSource().info, inputShape: [H, W, 3] as [number, number, number] } }
    expect(() => createAugmentedSource(colour, { seed: 0 })).toThrow(/single-channel/)
  })
})
