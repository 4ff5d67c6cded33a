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

/** A tensor of `shape` filled with values(size, seed) (4-D unless told otherwise). */
function tensorOf<T extends tf.Tensor = tf.Tensor4D>(shape: number[], seed: number): T {
  return tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  ) as T
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
    const x = tensorOf(c.x, 1)
    const w = tensorOf(c.filter, 2)
    const outShape = tf.conv2d(x, w, c.strides, c.pad).shape
    const probe = tensorOf(outShape, 3)
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

describe('registerWasmTrainingKernels', () => {
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

  for (const c of poolCases) {
    it(`MaxPoolGrad matches the cpu backend: ${c.name}`, async () => {
      await tf.setBackend('cpu')
      const reference = poolGradient(c)
      await tf.setBackend('wasm')
      const wasm = poolGradient(c)
      expect(wasm.length).toBe(reference.length)
      // The same pixel gets the same gradient terms; only overlapping windows add them in
      // another order.
      expect(maxRelativeError(wasm, reference)).toBeLessThan(1e-6)
    })
  }

  it("MaxPoolGrad gives a tied window's gradient to its first maximum, as the cpu backend", async () => {
    // Rows of equal values (the zeros after a ReLU tie the same way): the gradient goes to the
    // first maximum in row-major order of each window, never to several.
    const x = tf.tensor4d([0, 0, 5, 5, 0, 0, 5, 5, 1, 2, 2, 2, 2, 1, 2, 2], [1, 4, 4, 1])
    const probe = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])
    const grad = () =>
      tf.grad((a: tf.Tensor) =>
        tf
          .maxPool(a as tf.Tensor4D, 2, 2, 'valid')
          .mul(probe)
          .sum(),
      )(x)
    await tf.setBackend('cpu')
    const reference = Array.from(grad().dataSync())
    await tf.setBackend('wasm')
    expect(Array.from(grad().dataSync())).toEqual(reference)
    expect(reference).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0])
  })

  for (const c of matMulCases) {
    it(`matMul gradients (transposed products) match the cpu backend: ${c.name}`, async () => {
      await tf.setBackend('cpu')
      const reference = matMulGradients(c)
      await tf.setBackend('wasm')
      const wasm = matMulGradients(c)
      for (const k of ['da', 'db', 'out'] as const) {
        expect(wasm[k].length).toBe(reference[k].length)
        expect(maxRelativeError(wasm[k], reference[k])).toBeLessThan(1e-5)
      }
    })
  }

  it("batch norm's gradients match their closed form (the input gradient broadcast, not tiled)", async () => {
    await tf.setBackend('wasm')
    const shape = [3, 5, 4, 6]
    const C = shape[3]
    const epsilon = 1e-3
    const x = tensorOf(shape, 11)
    const probe = tensorOf(shape, 12)
    // Positive variances and scales away from zero; the mean is an input of its own, as in
    // tf.layers' batch normalization (its moments carry the rest of the chain rule).
    const mean = tf.tensor1d(values(C, 13))
    const variance = tf.tensor1d(values(C, 14).map((v) => v + 0.75))
    const offset = tf.tensor1d(values(C, 15))
    const scale = tf.tensor1d(values(C, 16).map((v) => v + 1))
    let grads: Float32Array[] = []
    const profile = await tf.profile(() => {
      grads = tf
        .grads((...inputs: tf.Tensor[]) => {
          const [a, m, v, o, s] = inputs
          return tf
            .batchNorm(a as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, epsilon)
            .mul(probe)
            .sum()
        })([x, mean, variance, offset, scale])
        .map((g) => g.dataSync() as Float32Array)
    })
    // The per-channel factor is never copied out to the activation's shape (the slow stock path).
    expect(profile.kernelNames).not.toContain('Tile')
    const [xs, ps, ms, vs, ss] = [x, probe, mean, variance, scale].map((t) => t.dataSync())
    const perChannel = () => new Float64Array(C)
    const expected = {
      x: new Float32Array(xs.length),
      mean: perChannel(),
      variance: perChannel(),
      offset: perChannel(),
      scale: perChannel(),
    }
    for (let i = 0; i < xs.length; i++) {
      const c = i % C
      const r = 1 / Math.sqrt(vs[c] + epsilon)
      const centred = xs[i] - ms[c]
      expected.x[i] = ps[i] * r * ss[c]
      expected.mean[c] -= ps[i] * r * ss[c]
      expected.variance[c] -= 0.5 * r ** 3 * centred * ps[i] * ss[c]
      expected.offset[c] += ps[i]
      expected.scale[c] += ps[i] * centred * r
    }
    const names = ['x', 'mean', 'variance', 'offset', 'scale'] as const
    names.forEach((name, i) => {
      expect(grads[i].length, name).toBe(expected[name].length)
      expect(maxRelativeError(grads[i], Float32Array.from(expected[name])), name).toBeLessThan(1e-5)
    })
  })

  it('leaks no tensors over repeated gradient steps', async () => {
    await tf.setBackend('wasm')
    const all = () => {
      gradients(cases[0])
      poolGradient(poolCases[0])
      matMulGradients(matMulCases[0])
      matMulGradients(matMulCases[3])
      tf.tidy(() => {
        const x = tensorOf([2, 4, 4, 3], 21)
        const [m, v, o, s] = [22, 23, 24, 25].map((seed) => tf.tensor1d(values(3, seed).map((e) => e + 1)))
        tf.grads((...t: tf.Tensor[]) => tf.batchNorm(t[0] as tf.Tensor4D, t[1], t[2], t[3], t[4]).sum())([x, m, v, o, s])
      })
    }
    all()
    const before = tf.memory().numTensors
    const bytesBefore = tf.memory().numBytes
    for (let i = 0; i < 20; i++) all()
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.memory().numBytes).toBe(bytesBefore)
  })
})

interface PoolCase {
  name: string
  x: [number, number, number, number]
  size: [number, number]
  strides: [number, number]
  pad: 'same' | 'valid'
}

const poolCases: PoolCase[] = [
  { name: '2x2 stride 2 valid (the sim2real CNN)', x: [3, 8, 8, 5], size: [2, 2], strides: [2, 2], pad: 'valid' },
  {
    name: '2x2 stride 2 valid, odd size (unused last row and column)',
    x: [2, 7, 9, 3],
    size: [2, 2],
    strides: [2, 2],
    pad: 'valid',
  },
  { name: '3x3 stride 2 same (overlapping, padded)', x: [2, 9, 10, 4], size: [3, 3], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 1 same', x: [1, 6, 5, 2], size: [3, 3], strides: [1, 1], pad: 'same' },
  { name: '2x3 strides 1x2 valid', x: [2, 5, 9, 3], size: [2, 3], strides: [1, 2], pad: 'valid' },
]

// The gradient of sum(maxPool(x) * probe) with respect to x.
function poolGradient(c: PoolCase): Float32Array {
  return tf.tidy(() => {
    const x = tensorOf(c.x, 4)
    const outShape = tf.maxPool(x, c.size, c.strides, c.pad).shape
    const probe = tensorOf(outShape, 5)
    const dx = tf.grad((a: tf.Tensor) =>
      tf
        .maxPool(a as tf.Tensor4D, c.size, c.strides, c.pad)
        .mul(probe)
        .sum(),
    )(x)
    return dx.dataSync() as Float32Array
  })
}

interface MatMulCase {
  name: string
  a: number[]
  b: number[]
  transposeA: boolean
  transposeB: boolean
  /** Through tf.fused.matMul with a bias and a ReLU (the Dense layer's kernel) instead of tf.matMul. */
  fused?: boolean
}

const matMulCases: MatMulCase[] = [
  { name: 'a . b (a Dense layer: 1568 inputs, 128 units)', a: [16, 1568], b: [1568, 128], transposeA: false, transposeB: false },
  { name: 'a^T . b', a: [7, 5], b: [7, 6], transposeA: true, transposeB: false },
  { name: 'a . b^T', a: [5, 7], b: [6, 7], transposeA: false, transposeB: true },
  { name: 'a^T . b^T, batched', a: [3, 7, 5], b: [3, 6, 7], transposeA: true, transposeB: true },
  { name: 'fused with bias and ReLU, a . b^T', a: [9, 11], b: [4, 11], transposeA: false, transposeB: true, fused: true },
  { name: 'fused with bias and ReLU, a^T . b', a: [11, 9], b: [11, 4], transposeA: true, transposeB: false, fused: true },
]

// The product, and the gradients of sum(product * probe) with respect to a and b: the backward
// pass is where the transposed products run.
function matMulGradients(c: MatMulCase): { out: Float32Array; da: Float32Array; db: Float32Array } {
  return tf.tidy(() => {
    const a = tensorOf<tf.Tensor>(c.a, 6)
    const b = tensorOf<tf.Tensor>(c.b, 7)
    const columns = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1]
    const bias = tf.tensor1d(values(columns, 8))
    const product = (x: tf.Tensor, y: tf.Tensor) =>
      c.fused
        ? tf.fused.matMul({ a: x, b: y, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: 'relu' })
        : tf.matMul(x, y, c.transposeA, c.transposeB)
    const out = product(a, b)
    const probe = tensorOf(out.shape, 9)
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => product(x, y).mul(probe).sum())([a, b])
    return {
      out: out.dataSync() as Float32Array,
      da: da.dataSync() as Float32Array,
      db: db.dataSync() as Float32Array,
    }
  })
}
