import { cos, log } from './detMath.ts'

/**
 * A seeded pseudo-random stream. Every value is computed with 32-bit integer arithmetic
 * (Math.imul, shifts) and exact float operations, so the same (seed, index) gives the same
 * stream on every JS engine.
 */
export interface Rng {
  /** Next uniformly distributed unsigned 32-bit integer. */
  uint32(): number
  /** Uniform float in [0, 1), 53 bits of randomness. */
  float(): number
  /** Uniform float in [min, max). */
  range(min: number, max: number): number
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** true with probability p. */
  bool(p?: number): boolean
  /** Normally distributed float (Box-Muller over the SDK's deterministic log/cos). */
  normal(mean?: number, stdDev?: number): number
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T
  /** One index chosen with probability proportional to weights[i] (non-negative, sum > 0). */
  weighted(weights: readonly number[]): number
  /** Shuffles the array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[]
  /**
   * An independent stream derived from this one's seed and a label, so that adding draws to
   * one part of a generator does not shift the randomness of another part.
   */
  fork(label: string): Rng
}

const MAX_SEED = 2 ** 53 - 1

// splitmix32-style finalizer: a bijective mix with full avalanche, used to turn structured
// inputs (seed, index, label) into well-spread 32-bit words.
function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0
  x = Math.imul(x, 0x21f0aaad)
  x = (x ^ (x >>> 15)) >>> 0
  x = Math.imul(x, 0x735a2d97)
  return (x ^ (x >>> 15)) >>> 0
}

function hashString(text: string, h: number): number {
  for (let i = 0; i < text.length; i++) h = mix32((h ^ text.charCodeAt(i)) + 0x9e3779b9)
  return h
}

function checkInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new RangeError(`${name} must be an integer in [0, 2^53 - 1], got ${String(value)}`)
  }
}

/** The four 32-bit words of sfc32 state for (seed, index, label), via a fixed mixing chain. */
export function seedWords(seed: number, index: number, label = ''): [number, number, number, number] {
  checkInteger('seed', seed)
  checkInteger('index', index)
  const seedLo = seed >>> 0
  const seedHi = Math.floor(seed / 4294967296) >>> 0
  const indexLo = index >>> 0
  const indexHi = Math.floor(index / 4294967296) >>> 0
  let h = mix32(seedLo ^ 0x6a09e667)
  h = mix32(h ^ seedHi ^ 0xbb67ae85)
  h = mix32(h ^ indexLo ^ 0x3c6ef372)
  h = mix32(h ^ indexHi ^ 0xa54ff53a)
  h = hashString(label, h)
  const a = mix32(h ^ 0x510e527f)
  const b = mix32(a ^ 0x9b05688c)
  const c = mix32(b ^ 0x1f83d9ab)
  const d = mix32(c ^ 0x5be0cd19)
  return [a, b, c, d]
}

/**
 * The PRNG of a sample: sfc32 (Chris Doty-Humphrey's small fast chaotic generator, passes
 * PractRand to 2^40+) seeded from (seed, index), so every sample index has its own stream and
 * any sample can be regenerated alone.
 */
export function createRng(seed: number, index = 0, label = ''): Rng {
  let [a, b, c, d] = seedWords(seed, index, label)
  // Warm-up rounds so nearby seeds diverge fully before the first output.
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) uint32()

  const float = (): number => {
    // 53 random bits: 27 high bits + 26 low bits, scaled exactly.
    const hi = uint32() >>> 5
    const lo = uint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  let spareNormal: number | undefined
  const rng: Rng = {
    uint32,
    float,
    range(min, max) {
      return min + (max - min) * float()
    },
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`rng.int(min, max) needs integers with min <= max, got (${min}, ${max})`)
      }
      return min + Math.floor(float() * (max - min + 1))
    },
    bool(p = 0.5) {
      return float() < p
    },
    normal(mean = 0, stdDev = 1) {
      if (spareNormal !== undefined) {
        const z = spareNormal
        spareNormal = undefined
        return mean + stdDev * z
      }
      // 1 - float() is in (0, 1]: log never sees 0.
      const r = Math.sqrt(-2 * log(1 - float()))
      const theta = 2 * Math.PI * float()
      spareNormal = r * cos(theta - Math.PI / 2) // = r * sin(theta), one less function
      return mean + stdDev * r * cos(theta)
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick() needs a non-empty array')
      return items[Math.floor(float() * items.length)]
    },
    weighted(weights) {
      let total = 0
      for (const w of weights) {
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`rng.weighted() needs finite weights >= 0, got ${w}`)
        total += w
      }
      if (!(total > 0)) throw new RangeError('rng.weighted() needs at least one positive weight')
      let x = float() * total
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i]
        if (x < 0) return i
      }
      // Rounding can leave x at exactly 0 after the last positive weight.
      for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i
      return 0
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(float() * (i + 1))
        const t = items[i]
        items[i] = items[j]
        items[j] = t
      }
      return items
    },
    fork(forkLabel) {
      return createRng(seed, index, `${label}/${forkLabel}`)
    },
  }
  return rng
}
