import { describe, expect, it } from 'vitest'
import { detMath, ldexp } from './detMath.ts'

// A fixed LCG so the test points are the same every run.
function points(count: number, scale: number, seed = 1): number[] {
  let s = seed
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    out.push(((s / 2 ** 32) * 2 - 1) * scale)
  }
  return out
}

function maxRelativeError(f: (x: number) => number, g: (x: number) => number, xs: readonly number[]): number {
  let worst = 0
  for (const x of xs) {
    const a = f(x)
    const b = g(x)
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300))
  }
  return worst
}

describe('detMath', () => {
  const wide = [...points(20_000, 100), ...points(5_000, 0.1, 7), ...points(2_000, 1e5, 3)]
  const positive = [...points(20_000, 1e6).map(Math.abs), ...points(2000, 1e-3, 5).map(Math.abs), 1, 2, 0.5, 1e-310]
  it.each([
    ['sin', wide],
    ['cos', wide],
    ['tan', points(20_000, 10)],
    ['exp', points(20_000, 700)],
    ['log', positive],
    ['log2', positive],
    ['log10', positive],
    ['log1p', positive],
    ['expm1', [...points(10_000, 50), ...points(2000, 1e-4, 9)]],
    ['atan', [...wide, ...points(2000, 1e8, 11)]],
    ['asin', points(10_000, 1)],
    ['acos', points(10_000, 1)],
    ['sinh', points(10_000, 20)],
    ['cosh', points(10_000, 20)],
    ['tanh', points(10_000, 20)],
    ['cbrt', points(10_000, 1e6)],
  ] as const)('%s agrees with the engine to about an ulp', (name, xs) => {
    const ours = detMath[name] as (x: number) => number
    const native = Math[name] as (x: number) => number
    expect(maxRelativeError(ours, native, xs)).toBeLessThan(1e-15)
  })

  it('atan2 covers every quadrant and the signed-zero cases exactly like the spec', () => {
    const cases: [number, number][] = [
      [1, 1],
      [-1, -1],
      [0, -1],
      [-0, -1],
      [0, 1],
      [-0, 1],
      [1, 0],
      [-1, 0],
      [3, -4],
      [-3, 4],
      [Infinity, -Infinity],
      [-Infinity, Infinity],
      [5, Infinity],
      [5, -Infinity],
    ]
    for (const [y, x] of cases) expect(detMath.atan2(y, x)).toBe(Math.atan2(y, x))
    const ys = points(5000, 10)
    const xs = points(5000, 10, 99)
    for (let i = 0; i < ys.length; i++) {
      expect(Math.abs(detMath.atan2(ys[i], xs[i]) - Math.atan2(ys[i], xs[i]))).toBeLessThan(1e-15)
    }
  })

  it('pow handles integer powers exactly and the special cases like Math.pow', () => {
    expect(detMath.pow(3, 4)).toBe(81)
    expect(detMath.pow(2, -3)).toBe(0.125)
    expect(detMath.pow(-2, 3)).toBe(-8)
    for (const [x, y] of [
      [-8, 1 / 3],
      [0, -1],
      [-0, -3],
      [-0, 3],
      [Infinity, -2],
      [-Infinity, 3],
      [1, Infinity],
      [0.5, Infinity],
      [NaN, 0],
      [2, NaN],
    ]) {
      expect(detMath.pow(x, y)).toBe(x ** y)
    }
    const xs = points(5000, 100).map(Math.abs)
    const ys = points(5000, 10, 5)
    for (let i = 0; i < xs.length; i++) {
      const b = xs[i] ** ys[i]
      expect(Math.abs(detMath.pow(xs[i], ys[i]) - b) / b).toBeLessThan(1e-13)
    }
  })

  it('handles non-finite input the way Math does', () => {
    for (const name of ['sin', 'cos', 'exp', 'log', 'atan', 'tanh'] as const) {
      for (const x of [NaN, Infinity, -Infinity, 0, -0]) {
        expect(Object.is(detMath[name](x), Math[name](x)), `${name}(${x})`).toBe(true)
      }
    }
    expect(detMath.log(-1)).toBeNaN()
    expect(detMath.exp(1000)).toBe(Infinity)
    expect(detMath.exp(-1000)).toBe(0)
  })

  it('ldexp scales by exact powers of two across the whole exponent range', () => {
    expect(ldexp(1, 10)).toBe(1024)
    expect(ldexp(1, -1074)).toBe(5e-324)
    expect(ldexp(1.5, 1023)).toBe(1.5 * 2 ** 1023)
    expect(ldexp(1, 1024)).toBe(Infinity)
  })

  it('hypot scales without overflow', () => {
    expect(detMath.hypot(3, 4)).toBe(5)
    expect(detMath.hypot(1e300, 1e300)).toBeCloseTo(Math.SQRT2 * 1e300, -285)
    expect(detMath.hypot()).toBe(0)
  })
})
