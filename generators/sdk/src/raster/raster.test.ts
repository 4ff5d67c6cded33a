import { describe, expect, it } from 'vitest'
import { createRng } from '../createRng.ts'
import { affine } from './affine.ts'
import { type Canvas, createCanvas } from './Canvas.ts'
import { catmullRom } from './catmullRom.ts'
import { elasticWarp } from './elasticWarp.ts'
import { fillPolygon } from './fillPolygon.ts'
import { flattenBezier } from './flattenBezier.ts'
import { gaussianBlur } from './gaussianBlur.ts'
import { measureInk } from './measureInk.ts'
import { resizeArea } from './resizeArea.ts'
import { strokePolyline } from './strokePolyline.ts'
import { toImage } from './toImage.ts'
import { warpAffine } from './warpAffine.ts'

const sum = (c: Canvas): number => c.data.reduce((a, b) => a + b, 0)

describe('raster helpers', () => {
  it('createCanvas fills the background and rejects bad sizes and colours', () => {
    const c = createCanvas(4, 3, 3, [0.1, 0.2, 0.3])
    expect(Array.from(c.data.slice(0, 3))).toEqual([0.1, 0.2, 0.3].map(Math.fround))
    expect(() => createCanvas(0, 3)).toThrow('width must be an integer in [1, 16384], got 0')
    expect(() => createCanvas(4, 4, 3, [1, 1])).toThrow('has 2 values but the canvas has 3 channels')
  })

  it('fillPolygon covers exactly the polygon area, with partial coverage on edges', () => {
    const c = createCanvas(32, 32)
    // Axis-aligned square with fractional edges: area 10.5 * 10.5.
    fillPolygon(c, [
      [5.25, 5.5],
      [15.75, 5.5],
      [15.75, 16],
      [5.25, 16],
    ])
    expect(sum(c)).toBeCloseTo(10.5 * 10.5, 3)
    expect(c.data[10 * 32 + 10]).toBe(1)
    expect(c.data[10 * 32 + 5]).toBeCloseTo(0.75, 5)
    // A triangle: area = 0.5 * base * height.
    const t = createCanvas(40, 40)
    fillPolygon(t, [
      [2, 2],
      [38, 2],
      [2, 30],
    ])
    expect(sum(t)).toBeCloseTo(0.5 * 36 * 28, 0)
  })

  it('fillPolygon honours the even-odd rule for holes and clips at the canvas edge', () => {
    const c = createCanvas(20, 20)
    const outer = [
      [0, 0],
      [20, 0],
      [20, 20],
      [0, 20],
    ] as const
    const inner = [
      [5, 5],
      [15, 5],
      [15, 15],
      [5, 15],
    ] as const
    fillPolygon(c, [outer, inner], { rule: 'evenodd' })
    expect(sum(c)).toBeCloseTo(400 - 100, 3)
    const clipped = createCanvas(10, 10)
    fillPolygon(clipped, [
      [-5, -5],
      [50, -5],
      [50, 50],
      [-5, 50],
    ])
    expect(sum(clipped)).toBeCloseTo(100, 3)
  })

  it('strokePolyline draws an anti-aliased line of the requested width without double-darkening joins', () => {
    const c = createCanvas(40, 20)
    strokePolyline(
      c,
      [
        [5, 10],
        [20, 10],
        [35, 10],
      ],
      { width: 4 },
    )
    // A horizontal line of width 4 and length 30 plus round caps: area ~ 4 * 30 + pi * 2^2.
    expect(sum(c)).toBeCloseTo(4 * 30 + Math.PI * 4, -0.5)
    expect(Math.max(...c.data)).toBe(1)
    expect(c.data[10 * 40 + 20]).toBe(1)
    const gray = createCanvas(10, 10)
    strokePolyline(gray, [[5, 5]], { width: 3, opacity: 0.5 })
    expect(gray.data[5 * 10 + 5]).toBe(0.5)
  })

  it('strokePolyline takes per-point widths (pen pressure) and checks their count', () => {
    const c = createCanvas(40, 20)
    strokePolyline(
      c,
      [
        [5, 10],
        [35, 10],
      ],
      { width: [1, 8] },
    )
    const thin = measureInk(createCanvas(1, 1)).total
    expect(thin).toBe(0)
    let left = 0
    let right = 0
    for (let y = 0; y < 20; y++) {
      left += c.data[y * 40 + 8]
      right += c.data[y * 40 + 32]
    }
    expect(right).toBeGreaterThan(left * 3)
    expect(() =>
      strokePolyline(
        c,
        [
          [1, 1],
          [2, 2],
        ],
        { width: [1] },
      ),
    ).toThrow('1 widths for 2 points')
  })

  it('flattenBezier interpolates end points and bends toward control points', () => {
    const pts = flattenBezier(
      [
        [0, 0],
        [10, 20],
        [20, 0],
      ],
      10,
    )
    expect(pts).toHaveLength(11)
    expect(pts[0]).toEqual([0, 0])
    expect(pts[10]).toEqual([20, 0])
    expect(pts[5]).toEqual([10, 10])
    expect(() => flattenBezier([[0, 0]])).toThrow('at least 2 control points')
  })

  it('catmullRom passes through every given point', () => {
    const skeleton = [
      [0, 0],
      [10, 5],
      [20, 0],
      [30, 10],
    ] as const
    const curve = catmullRom(skeleton, 4)
    for (const [i, p] of skeleton.entries()) expect(curve[i * 4]).toEqual(p)
  })

  it('warpAffine with an integer translation moves pixels exactly', () => {
    const c = createCanvas(8, 8)
    c.data[2 * 8 + 3] = 1
    const moved = warpAffine(c, affine.translate(2, 1))
    expect(moved.data[3 * 8 + 5]).toBe(1)
    expect(sum(moved)).toBe(1)
    const same = warpAffine(c, affine.chain(affine.rotate(0.3, 4, 4), affine.rotate(-0.3, 4, 4)))
    expect(same.data[2 * 8 + 3]).toBeCloseTo(1, 6)
    expect(() => affine.invert([0, 0, 0, 0, 0, 0])).toThrow('singular')
  })

  it('affine helpers compose in application order', () => {
    const m = affine.chain(affine.scale(2), affine.translate(1, 0))
    expect(affine.apply(m, 3, 4)).toEqual([7, 8])
    const r = affine.rotate(Math.PI / 2)
    const [x, y] = affine.apply(r, 1, 0)
    expect(x).toBeCloseTo(0, 12)
    expect(y).toBeCloseTo(1, 12)
    expect(affine.apply(affine.invert(m), 7, 8)).toEqual([3, 4])
  })

  it('gaussianBlur preserves total ink away from the borders and spreads it', () => {
    const c = createCanvas(21, 21)
    c.data[10 * 21 + 10] = 1
    const b = gaussianBlur(c, 1.5)
    expect(sum(b)).toBeCloseTo(1, 5)
    expect(b.data[10 * 21 + 10]).toBeLessThan(0.2)
    expect(b.data[10 * 21 + 11]).toBeCloseTo(b.data[10 * 21 + 9], 7)
    expect(() => gaussianBlur(c, 0)).toThrow('sigma must be a finite number > 0')
  })

  it('elasticWarp is reproducible from the rng and changes the image', () => {
    const c = createCanvas(28, 28)
    strokePolyline(
      c,
      [
        [6, 6],
        [22, 22],
      ],
      { width: 3 },
    )
    const a = elasticWarp(c, createRng(1, 2), { alpha: 8, sigma: 3 })
    const b = elasticWarp(c, createRng(1, 2), { alpha: 8, sigma: 3 })
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true)
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(c.data.buffer))).toBe(false)
    expect(sum(a)).toBeGreaterThan(sum(c) * 0.7)
  })

  it('resizeArea keeps the mean and measureInk finds bounds and centre of mass', () => {
    const c = createCanvas(40, 40)
    fillPolygon(c, [
      [10, 10],
      [30, 10],
      [30, 20],
      [10, 20],
    ])
    const small = resizeArea(c, 20, 20)
    expect(sum(small) * 4).toBeCloseTo(sum(c), 3)
    const ink = measureInk(c)
    expect(ink.bounds).toEqual([10, 10, 30, 20])
    expect(ink.centerX).toBeCloseTo(20, 6)
    expect(ink.centerY).toBeCloseTo(15, 6)
    expect(measureInk(createCanvas(4, 4)).bounds).toBeNull()
  })

  it('toImage rounds to bytes and clamps out-of-range values', () => {
    const c = createCanvas(4, 1)
    c.data.set([-0.5, 0.5, 1.5, NaN])
    expect(Array.from(toImage(c).data)).toEqual([0, 128, 255, 0])
  })
})
