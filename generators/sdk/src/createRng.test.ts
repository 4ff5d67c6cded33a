import { describe, expect, it } from 'vitest'
import { createRng, seedWords } from './createRng.ts'

describe('createRng', () => {
  it('gives the same stream for the same (seed, index) and a different one otherwise', () => {
    const a = createRng(42, 7)
    const b = createRng(42, 7)
    const xs = Array.from({ length: 100 }, () => a.uint32())
    expect(Array.from({ length: 100 }, () => b.uint32())).toEqual(xs)
    const other = [createRng(42, 8), createRng(43, 7), createRng(42, 7, 'x')].map((r) => r.uint32())
    for (const v of other) expect(v).not.toBe(xs[0])
  })

  it('is pinned: these values are part of the dataset format and must never change', () => {
    // If this fails, every published dataset's bytes change: bump the format instead.
    const rng = createRng(1, 0)
    expect(Array.from({ length: 4 }, () => rng.uint32())).toMatchInlineSnapshot(`
      [
        298862828,
        632850081,
        2840435028,
        3895230940,
      ]
    `)
    expect(seedWords(2 ** 53 - 1, 2 ** 40)).toMatchInlineSnapshot(`
      [
        3386654557,
        3795354723,
        998259272,
        2016887379,
      ]
    `)
  })

  it('produces roughly uniform floats in [0, 1) and integers in range', () => {
    const rng = createRng(5, 5)
    const buckets = new Array<number>(10).fill(0)
    let min = 1
    let max = 0
    for (let i = 0; i < 100_000; i++) {
      const f = rng.float()
      min = Math.min(min, f)
      max = Math.max(max, f)
      buckets[Math.floor(f * 10)]++
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(rng.int(-2, 2))
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort())
  })

  it('draws normals with the requested mean and deviation', () => {
    const rng = createRng(9, 1)
    let sum = 0
    let sq = 0
    const n = 50_000
    for (let i = 0; i < n; i++) {
      const v = rng.normal(3, 2)
      sum += v
      sq += v * v
    }
    const mean = sum / n
    expect(mean).toBeCloseTo(3, 1)
    expect(Math.sqrt(sq / n - mean * mean)).toBeCloseTo(2, 1)
  })

  it('forks independent, reproducible substreams', () => {
    const a = createRng(1, 2).fork('shapes')
    const b = createRng(1, 2).fork('shapes')
    const c = createRng(1, 2).fork('colors')
    expect(a.uint32()).toBe(b.uint32())
    expect(createRng(1, 2).fork('shapes').uint32()).not.toBe(c.uint32())
  })

  it('rejects seeds and indices that are not safe non-negative integers', () => {
    expect(() => createRng(-1)).toThrow('seed must be an integer in [0, 2^53 - 1], got -1')
    expect(() => createRng(1, 0.5)).toThrow('index must be an integer')
    expect(() => createRng(2 ** 53)).toThrow('seed must be')
    expect(() => createRng(1).int(3, 1)).toThrow('min <= max')
    expect(() => createRng(1).pick([])).toThrow('non-empty')
    expect(() => createRng(1).weighted([0, 0])).toThrow('positive weight')
  })

  it('weighted() follows the weights', () => {
    const rng = createRng(3, 3)
    const counts = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) counts[rng.weighted([1, 0, 2])]++
    expect(counts[1]).toBe(0)
    expect(counts[2] / counts[0]).toBeGreaterThan(1.8)
    expect(counts[2] / counts[0]).toBeLessThan(2.2)
  })
})
