import { fileURLToPath } from 'node:url'
import { createSandboxPool, loadBundle } from '@neuromation/engine'
import { type Canvas, createRng, type JsonValue, measureInk, validateParams } from '@neuromation/generator-sdk'
import { describe, expect, it } from 'vitest'
import manifest from '../generator.json' with { type: 'json' }
import generate, { type DigitsParams } from './generator.ts'

const DIR = fileURLToPath(new URL('..', import.meta.url))

function params(overrides: Partial<DigitsParams> = {}): DigitsParams {
  return validateParams(manifest.params as never, overrides as unknown as JsonValue) as unknown as DigitsParams
}

function sample(index: number, p = params(), seed = 3) {
  return generate({ seed, index, params: p, rng: createRng(seed, index) })
}

function asCanvas(data: Uint8Array): Canvas {
  return { width: 28, height: 28, channels: 1, data: Float32Array.from(data, (v) => v / 255) }
}

describe('digits generator', () => {
  it('draws 28x28 grey digits labelled with the class of their index', () => {
    const p = params()
    for (let index = 0; index < 30; index++) {
      const s = sample(index, p)
      expect(s.image.width).toBe(28)
      expect(s.image.height).toBe(28)
      expect(s.image.channels).toBe(1)
      expect(s.label).toEqual({ class: index % 10 })
    }
  })

  it('is deterministic per (seed, index) and differs between indices and seeds', () => {
    const a = sample(17).image.data
    expect(Buffer.from(sample(17).image.data).equals(Buffer.from(a))).toBe(true)
    expect(Buffer.from(sample(27).image.data).equals(Buffer.from(a))).toBe(false)
    expect(Buffer.from(sample(17, params(), 4).image.data).equals(Buffer.from(a))).toBe(false)
  })

  it('follows MNIST preprocessing: about 20 pixels tall or wide, centre of mass at the centre', () => {
    const p = params()
    let sides = 0
    for (let index = 0; index < 200; index++) {
      const canvas = asCanvas(sample(index, p).image.data)
      const ink = measureInk(canvas, 0.1)
      const mass = measureInk(canvas)
      expect(ink.bounds).not.toBeNull()
      const [x0, y0, x1, y1] = ink.bounds!
      const side = Math.max(x1 - x0, y1 - y0)
      // Fitted to 19-20 px before the pixel-level warp, which in the messiest hands (alpha ~32)
      // can pull a stroke end out by up to ~3.5 px on each side.
      expect(side).toBeLessThanOrEqual(27)
      sides += side
      // Whole-pixel centring leaves at most half a pixel on each axis, plus 8-bit rounding and the
      // odd faint pixel a strong warp pushed off the field.
      expect(Math.abs(mass.centerX - 14)).toBeLessThanOrEqual(0.6)
      expect(Math.abs(mass.centerY - 14)).toBeLessThanOrEqual(0.6)
    }
    expect(sides / 200).toBeGreaterThan(19)
    expect(sides / 200).toBeLessThan(22)
  })

  it('produces only the requested classes, in turn', () => {
    const p = params({ classes: [4, 9] })
    expect([0, 1, 2, 3].map((i) => (sample(i, p).label as { class: number }).class)).toEqual([4, 9, 4, 9])
  })

  it('gives clean, undistorted skeletons at distortion 0', () => {
    const s = sample(5, params({ distortion: 0 }))
    expect(s.image.data.some((v) => v === 255)).toBe(true)
  })

  it('rejects a stroke width range that is upside down', () => {
    expect(() => sample(0, params({ minStrokeWidth: 4, maxStrokeWidth: 2 }))).toThrow(
      /minStrokeWidth \(4\) must be <= maxStrokeWidth \(2\)/,
    )
  })

  it('gives the sandbox the same bytes as a native run (deterministic math only)', async () => {
    const pool = await createSandboxPool({ bundle: await loadBundle(DIR), workers: 1 })
    try {
      const p = params()
      for await (const s of pool.generate({ params: p, seed: 3, start: 0, count: 20 })) {
        expect(Buffer.from(s.image.data).equals(Buffer.from(sample(s.index, p).image.data))).toBe(true)
        expect(JSON.parse(s.label)).toEqual({ class: s.index % 10 })
      }
    } finally {
      await pool.close()
    }
  })
})
