import { describe, expect, it } from 'vitest'
import { loadIdxSet, mnistFiles } from './loadIdxSet.ts'
import { TrainError } from './TrainError.ts'

const { images, labels } = mnistFiles('train')

describe('loadIdxSet', () => {
  it('reads a contiguous slice as [0,1] floats with its labels and a [start:end] name', async () => {
    const set = await loadIdxSet(images, labels, { offset: 59_998, count: 2 })
    expect(set.shape).toEqual([28, 28, 1])
    expect(set.x).toHaveLength(2 * 784)
    expect(set.labels).toHaveLength(2)
    expect(Math.max(...set.x)).toBeLessThanOrEqual(1)
    expect(Math.max(...set.x)).toBeGreaterThan(0.9)
    expect(set.name).toBe(`${images}[59998:60000]`)
  })

  it('takes every step-th sample: the same pixels and labels as reading each one alone', async () => {
    const strided = await loadIdxSet(images, labels, { offset: 50_000, count: 3, step: 10 }, 'every 10th')
    expect(strided.name).toBe('every 10th')
    for (let i = 0; i < 3; i++) {
      const one = await loadIdxSet(images, labels, { offset: 50_000 + 10 * i, count: 1 })
      expect(strided.labels[i]).toBe(one.labels[0])
      expect(strided.x.subarray(i * 784, (i + 1) * 784)).toEqual(one.x)
    }
    // Neighbouring images differ, so the stride really skipped samples.
    const next = await loadIdxSet(images, labels, { offset: 50_001, count: 1 })
    expect(strided.x.subarray(784, 2 * 784)).not.toEqual(next.x)
    const unnamed = await loadIdxSet(images, labels, { offset: 59_980, step: 10 })
    expect(unnamed.labels).toHaveLength(2)
    expect(unnamed.name).toBe(`${images}[59980:59991:10]`)
  })

  it('refuses slices that run past the file or a bad step, saying what was asked', async () => {
    await expect(loadIdxSet(images, labels, { offset: 59_990, count: 2, step: 10 })).rejects.toThrow(
      'cannot take 2 samples from offset 59990 every 10 of 60000',
    )
    await expect(loadIdxSet(images, labels, { offset: 0, count: 1, step: 0 })).rejects.toBeInstanceOf(TrainError)
    await expect(loadIdxSet(images, labels, { offset: 0, count: 1, step: 1.5 })).rejects.toThrow(
      'the slice step must be a positive integer, got 1.5',
    )
  })
})
