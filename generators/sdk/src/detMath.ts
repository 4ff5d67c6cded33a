// Deterministic transcendental functions.
//
// ECMAScript leaves Math.sin/cos/exp/log/pow/atan2/... "implementation-approximated": V8,
// SpiderMonkey and JavaScriptCore may differ in the last bit, and a one-ulp difference in a
// rotation angle can flip an anti-aliased pixel from 127 to 128. A generator's output must be
// byte-identical on every executor and in every browser, so everything here is computed from
// IEEE-754 + - * / (exactly rounded everywhere), Math.sqrt (also exactly rounded by the spec),
// floor/trunc/abs, and exact bit manipulation of doubles. The algorithms and coefficients are
// the classic fdlibm/musl ones (accurate to ~1 ulp for the ranges generators use).
//
// The sandbox binds Math.sin, Math.cos, ... inside a generator's isolate to these functions, so
// even generator code that calls Math.sin directly is deterministic.

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
// Word order of a double in memory: little-endian on every platform JS engines ship on, but
// checked once here rather than assumed.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1
const HI = 1 - LO

function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0
  u32[LO] = lo >>> 0
  return f64[0]
}

/** x * 2^n, exact when the result is representable (scalbn). */
export function ldexp(x: number, n: number): number {
  // Split large exponents into steps that each stay in the normal range.
  let y = x
  while (n > 1023) {
    y *= 8.98846567431158e307 // 2^1023
    n -= 1023
    if (!Number.isFinite(y)) return y
  }
  while (n < -1022) {
    y *= 2.2250738585072014e-308 * 9007199254740992 // 2^-1022 * 2^53 = 2^-969
    n += 969
    if (y === 0) return y
  }
  return y * fromWords((0x3ff + n) << 20, 0)
}

// --- sin / cos / tan -------------------------------------------------------------------------

const PIO2_1 = 1.5707963267341256 // first 33 bits of pi/2
const PIO2_1T = 6.077100506506192e-11 // pi/2 - PIO2_1
const PIO2_2 = 6.077100506303966e-11 // second 33 bits
const PIO2_2T = 2.0222662487959506e-21
const PIO2_3 = 2.0222662487111665e-21 // third 33 bits
const PIO2_3T = 8.4784276603689e-32
const INV_PIO2 = 0.6366197723675814

const S1 = -0.16666666666666632
const S2 = 0.00833333333332249
const S3 = -0.0001984126982985795
const S4 = 0.0000027557313707070068
const S5 = -2.5050760253406863e-8
const S6 = 1.58969099521155e-10

const C1 = 0.0416666666666666
const C2 = -0.001388888888887411
const C3 = 0.00002480158728947673
const C4 = -2.7557314351390663e-7
const C5 = 2.087572321298175e-9
const C6 = -1.1359647557788195e-11

function kernelSin(x: number, y: number): number {
  const z = x * x
  const w = z * z
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6)
  const v = z * x
  if (y === 0) return x + v * (S1 + z * r)
  return x - (z * (0.5 * y - v * r) - y - v * S1)
}

function kernelCos(x: number, y: number): number {
  const z = x * x
  const w = z * z
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6))
  const hz = 0.5 * z
  const w1 = 1 - hz
  return w1 + (1 - w1 - hz + (z * r - x * y))
}

// Reduces x to y0 + y1 in [-pi/4, pi/4] and returns the quadrant. Three-part Cody-Waite
// reduction: accurate for |x| < ~1e9, far beyond any angle a generator uses; above that the
// result stays deterministic, only less accurate.
let remHi = 0
let remLo = 0
function reduce(x: number): number {
  const n = Math.floor(x * INV_PIO2 + 0.5)
  let r = x - n * PIO2_1
  let w = n * PIO2_1T
  let y0 = r - w
  let t = r
  w = n * PIO2_2
  r = t - w
  w = n * PIO2_2T - (t - r - w)
  y0 = r - w
  t = r
  w = n * PIO2_3
  r = t - w
  w = n * PIO2_3T - (t - r - w)
  y0 = r - w
  remHi = y0
  remLo = r - y0 - w
  return n
}

export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN
  if (Math.abs(x) < 0.7853981633974483) return Math.abs(x) < 7.450580596923828e-9 ? x : kernelSin(x, 0)
  const n = reduce(x) & 3
  switch (n) {
    case 0:
      return kernelSin(remHi, remLo)
    case 1:
      return kernelCos(remHi, remLo)
    case 2:
      return -kernelSin(remHi, remLo)
    default:
      return -kernelCos(remHi, remLo)
  }
}

export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN
  if (Math.abs(x) < 0.7853981633974483) return kernelCos(x, 0)
  const n = reduce(x) & 3
  switch (n) {
    case 0:
      return kernelCos(remHi, remLo)
    case 1:
      return -kernelSin(remHi, remLo)
    case 2:
      return -kernelCos(remHi, remLo)
    default:
      return kernelSin(remHi, remLo)
  }
}

export function tan(x: number): number {
  return sin(x) / cos(x)
}

// --- exp / log -------------------------------------------------------------------------------

const LN2_HI = 0.6931471803691238
const LN2_LO = 1.9082149292705877e-10
// Math's constants are exact: the spec defines each as the double nearest the real value.
const INV_LN2 = Math.LOG2E
const P1 = 0.16666666666666602
const P2 = -0.0027777777777015593
const P3 = 0.00006613756321437934
const P4 = -0.0000016533902205465252
const P5 = 4.1381367970572385e-8

export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x > 709.782712893384) return Infinity
  if (x < -745.1332191019411) return 0
  if (Math.abs(x) < 3.725290298461914e-9) return 1 + x
  const k = Math.floor(INV_LN2 * x + 0.5)
  const hi = x - k * LN2_HI
  const lo = k * LN2_LO
  const r = hi - lo
  const z = r * r
  const c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))))
  const y = 1 + ((r * c) / (2 - c) - lo + hi)
  return k === 0 ? y : ldexp(y, k)
}

const LG1 = 0.6666666666666735
const LG2 = 0.3999999999940942
const LG3 = 0.2857142874366239
const LG4 = 0.22222198432149784
const LG5 = 0.1818357216161805
const LG6 = 0.15313837699209373
const LG7 = 0.14798198605116586

export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN
  if (x === 0) return -Infinity
  if (x === Infinity) return Infinity
  let k = 0
  if (x < 2.2250738585072014e-308) {
    // Subnormal: scale into the normal range first.
    x *= 18014398509481984 // 2^54
    k -= 54
  }
  f64[0] = x
  let hx = u32[HI]
  // Reduce to 1+f with sqrt(2)/2 < 1+f < sqrt(2).
  hx += 0x3ff00000 - 0x3fe6a09e
  k += (hx >>> 20) - 0x3ff
  hx = (hx & 0x000fffff) + 0x3fe6a09e
  u32[HI] = hx
  const f = f64[0] - 1
  const hfsq = 0.5 * f * f
  const s = f / (2 + f)
  const z = s * s
  const w = z * z
  const t1 = w * (LG2 + w * (LG4 + w * LG6))
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  const R = t2 + t1
  return s * (hfsq + R) + k * LN2_LO - hfsq + f + k * LN2_HI
}

export function log2(x: number): number {
  return log(x) * Math.LOG2E
}

export function log10(x: number): number {
  return log(x) * Math.LOG10E
}

export function log1p(x: number): number {
  // log(1+x) computed as log(u) * x / (u - 1), which cancels the rounding of 1+x (Goldberg).
  const u = 1 + x
  if (u === 1) return x
  return (log(u) * x) / (u - 1)
}

export function expm1(x: number): number {
  // Kahan's trick: (e^x - 1) * x / log(e^x) cancels the rounding of e^x, keeping full relative
  // accuracy near 0 where exp(x) - 1 would lose digits.
  if (Number.isNaN(x)) return NaN
  if (x > 709) return exp(x)
  const y = exp(x)
  if (y === 1) return x
  const ym1 = y - 1
  if (ym1 === -1) return -1
  return (ym1 * x) / log(y)
}

// --- pow -------------------------------------------------------------------------------------

function isInteger(y: number): boolean {
  return Number.isFinite(y) && Math.floor(y) === y
}

export function pow(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN
  if (y === 0) return 1
  if (Number.isNaN(x)) return NaN
  // Small integer exponents by repeated squaring: exact-ish and the common case (x^2, x^3).
  if (isInteger(y) && Math.abs(y) <= 64) {
    let base = y < 0 ? 1 / x : x
    let e = Math.abs(y)
    let result = 1
    while (e > 0) {
      if (e & 1) result *= base
      base *= base
      e >>>= 1
    }
    return result
  }
  if (x === 0) {
    const oddInt = isInteger(y) && Math.abs(y) % 2 === 1
    if (y > 0) return oddInt ? x : 0
    return oddInt && Object.is(x, -0) ? -Infinity : Infinity
  }
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x)
    if (ax === 1) return NaN
    return ax > 1 === y > 0 ? Infinity : 0
  }
  if (x === Infinity) return y > 0 ? Infinity : 0
  if (x === -Infinity) {
    const oddInt = isInteger(y) && Math.abs(y) % 2 === 1
    if (y > 0) return oddInt ? -Infinity : Infinity
    return oddInt ? -0 : 0
  }
  if (x < 0) {
    if (!isInteger(y)) return NaN
    const r = exp(y * log(-x))
    return Math.abs(y) % 2 === 1 ? -r : r
  }
  return exp(y * log(x))
}

// --- atan / atan2 / asin / acos --------------------------------------------------------------

const ATAN_HI = [0.4636476090008061, 0.7853981633974483, 0.982793723247329, 1.5707963267948966]
const ATAN_LO = [2.2698777452961687e-17, 3.061616997868383e-17, 1.3903311031230998e-17, 6.123233995736766e-17]
const AT = [
  0.3333333333333293, -0.19999999999876483, 0.14285714272503466, -0.11111110405462356, 0.09090887133436507, -0.0769187620504483,
  0.06661073137387531, -0.058335701337905735, 0.049768779946159324, -0.036531572744216916, 0.016285820115365782,
]

export function atan(x: number): number {
  if (Number.isNaN(x)) return NaN
  const sign = x < 0 || Object.is(x, -0)
  let ax = Math.abs(x)
  if (ax >= 7.380576e19) return sign ? -ATAN_HI[3] - ATAN_LO[3] : ATAN_HI[3] + ATAN_LO[3]
  let id: number
  if (ax < 0.4375) {
    if (ax < 7.450580596923828e-9) return x
    id = -1
  } else if (ax < 1.1875) {
    if (ax < 0.6875) {
      id = 0
      ax = (2 * ax - 1) / (2 + ax)
    } else {
      id = 1
      ax = (ax - 1) / (ax + 1)
    }
  } else if (ax < 2.4375) {
    id = 2
    ax = (ax - 1.5) / (1 + 1.5 * ax)
  } else {
    id = 3
    ax = -1 / ax
  }
  const z = ax * ax
  const w = z * z
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))))
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))))
  if (id < 0) return sign ? -(ax - ax * (s1 + s2)) : ax - ax * (s1 + s2)
  const r = ATAN_HI[id] - (ax * (s1 + s2) - ATAN_LO[id] - ax)
  return sign ? -r : r
}

const PI = Math.PI
const PI_LO = 1.2246467991473532e-16

export function atan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN
  if (x === 1) return atan(y)
  const yNeg = y < 0 || Object.is(y, -0)
  const xNeg = x < 0 || Object.is(x, -0)
  if (y === 0) {
    if (!xNeg) return y
    return yNeg ? -PI : PI
  }
  if (x === 0) return yNeg ? -PI / 2 : PI / 2
  if (!Number.isFinite(x)) {
    if (!Number.isFinite(y)) {
      const a = xNeg ? (3 * PI) / 4 : PI / 4
      return yNeg ? -a : a
    }
    if (!xNeg) return yNeg ? -0 : 0
    return yNeg ? -PI : PI
  }
  if (!Number.isFinite(y)) return yNeg ? -PI / 2 : PI / 2
  const z = atan(Math.abs(y / x))
  if (!xNeg) return yNeg ? -z : z
  const r = PI - (z - PI_LO)
  return yNeg ? -r : r
}

export function asin(x: number): number {
  if (Number.isNaN(x) || Math.abs(x) > 1) return NaN
  return atan2(x, Math.sqrt((1 - x) * (1 + x)))
}

export function acos(x: number): number {
  if (Number.isNaN(x) || Math.abs(x) > 1) return NaN
  return atan2(Math.sqrt((1 - x) * (1 + x)), x)
}

// --- hyperbolic and the rest -----------------------------------------------------------------

export function sinh(x: number): number {
  const ax = Math.abs(x)
  if (ax === 0 || Number.isNaN(x)) return x
  const h = x < 0 ? -0.5 : 0.5
  if (ax < 1) {
    const t = expm1(ax)
    return h * (2 * t - (t * t) / (t + 1))
  }
  const e = exp(ax)
  return h * (e - 1 / e)
}

export function cosh(x: number): number {
  const e = exp(Math.abs(x))
  return 0.5 * (e + 1 / e)
}

export function tanh(x: number): number {
  const ax = Math.abs(x)
  if (ax === 0 || Number.isNaN(x)) return x
  if (ax > 22) return x < 0 ? -1 : 1
  const t = expm1(2 * ax)
  const r = t / (t + 2)
  return x < 0 ? -r : r
}

export function asinh(x: number): number {
  const ax = Math.abs(x)
  const r = ax > 1e8 ? log(ax) + Math.LN2 : log1p(ax + (ax * ax) / (1 + Math.sqrt(1 + ax * ax)))
  return x < 0 ? -r : r
}

export function acosh(x: number): number {
  if (x < 1) return NaN
  return x > 1e8 ? log(x) + Math.LN2 : log(x + Math.sqrt(x * x - 1))
}

export function atanh(x: number): number {
  if (Math.abs(x) > 1) return NaN
  return 0.5 * log1p((2 * x) / (1 - x))
}

export function cbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x
  const ax = Math.abs(x)
  let y = exp(log(ax) / 3)
  // One Newton step: y - (y^3 - a) / (3 y^2), with only + - * /.
  y = y - (y * y * y - ax) / (3 * y * y)
  return x < 0 ? -y : y
}

export function hypot(...values: number[]): number {
  // Scaled to avoid overflow; a fixed summation order keeps it deterministic.
  let max = 0
  for (const v of values) {
    const a = Math.abs(v)
    if (a === Infinity) return Infinity
    if (a > max || Number.isNaN(a)) max = a
  }
  if (max === 0 || Number.isNaN(max)) return max
  let sum = 0
  for (const v of values) {
    const s = v / max
    sum += s * s
  }
  return Math.sqrt(sum) * max
}

/**
 * The functions a sandbox installs over the engine's own Math object, and a generator may use
 * directly. Everything else on Math (abs, floor, sqrt, min, max, imul, fround, ...) is exact by
 * the ECMAScript spec and stays native.
 */
export const detMath = {
  sin,
  cos,
  tan,
  exp,
  expm1,
  log,
  log1p,
  log2,
  log10,
  pow,
  atan,
  atan2,
  asin,
  acos,
  sinh,
  cosh,
  tanh,
  asinh,
  acosh,
  atanh,
  cbrt,
  hypot,
} as const

export type DetMathName = keyof typeof detMath
