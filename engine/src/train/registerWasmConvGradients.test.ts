import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBackend } from './loadBackend.ts'

// Deterministic pseudo-random values (no Math.random: a failure must reproduce).
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 32 - 0.5
  }
  return out
}

interface Case {
  name: string
  x: [number, number, number, number]
  filter: [number, number, number, number]
  strides: [number, number]
  pad: 'same' | 'valid'
}

const cases: Case[] = [
  { name: '5x5 same, stride 1 (the sim2real CNN)', x: [4, 12, 12, 3], filter: [5, 5, 3, 8], strides: [1, 1], pad: 'same' },
  { name: '3x3 valid, stride 1', x: [2, 9, 7, 4], filter: [3, 3, 4, 5], strides: [1, 1], pad: 'valid' },
  { name: '3x3 same, stride 2', x: [3, 10, 10, 2], filter: [3, 3, 2, 6], strides: [2, 2], pad: 'same' },
  {
    name: '3x3 valid, stride 2, odd size (unused last row)',
    x: [2, 8, 9, 3],
    filter: [3, 3, 3, 4],
    strides: [2, 2],
    pad: 'valid',
  },
  { name: '1x5 valid, strides 1x3', x: [2, 6, 11, 2], filter: [1, 5, 2, 3], strides: [1, 3], pad: 'valid' },
]

// Gradients of sum(conv2d(x, w) * probe) with respect to x and w: a probe makes every output
// element matter with a different weight, so a transposed or shifted gradient cannot pass.
function gradients(c: Case): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(
      values(
        c.x.reduce((a, b) => a * b),
        1,
      ),
      c.x,
    )
    const w = tf.tensor4d(
      values(
        c.filter.reduce((a, b) => a * b),
        2,
      ),
      c.filter,
    )
    const outShape = tf.conv2d(x, w, c.strides, c.pad).shape
    const probe = tf.tensor(
      values(
        outShape.reduce((a, b) => a * b),
        3,
      ),
      outShape,
    )
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
        .mul(probe)
        .sum(),
    )([x, w])
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array }
  })
}

function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  let scale = 0
  for (const v of expected) scale = Math.max(scale, Math.abs(v))
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale)
  return worst
}

describe('registerWasmConvGradients', () => {
  beforeAll(async () => {
    expect((await loadBackend('wasm')).name).toBe('wasm')
  })

  for (const c of cases) {
    it(`matches the cpu backend: ${c.name}`, async () => {
      await tf.setBackend('cpu')
      const reference = gradients(c)
      await tf.setBackend('wasm')
      const wasm = gradients(c)
      expect(wasm.dw.length).toBe(reference.dw.length)
      expect(wasm.dx.length).toBe(reference.dx.length)
      expect(maxRelativeError(wasm.dw, reference.dw)).toBeLessThan(1e-5)
      expect(maxRelativeError(wasm.dx, reference.dx)).toBeLessThan(1e-5)
    })
  }

  it('leaks no tensors over repeated gradient steps', async () => {
    await tf.setBackend('wasm')
    gradients(cases[0])
    const before = tf.memory().numTensors
    const bytesBefore = tf.memory().numBytes
    for (let i = 0; i < 20; i++) gradients(cases[0])
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.memory().numBytes).toBe(bytesBefore)
  })
})
