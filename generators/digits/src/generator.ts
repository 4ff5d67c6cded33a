import {
  type Canvas,
  catmullRom,
  cos,
  createCanvas,
  elasticWarp,
  exp,
  type GenerateContext,
  measureInk,
  type Point,
  type Rng,
  resizeArea,
  type Sample,
  sin,
  strokePolyline,
  toImage,
} from '@neuromation/generator-sdk'
import { glyphBuilders } from './glyphs.ts'

/** Params of the digits generator (see generator.json for the schema and defaults). */
export interface DigitsParams {
  /** Digit classes to produce; sample `index` gets class `classes[index % classes.length]`. */
  classes: number[]
  /** Scales every random deformation (jitter, slant, rotation, elastic warp): 0 = clean skeletons. */
  distortion: number
  /** Pen width range in pixels of the final 28x28 image. */
  minStrokeWidth: number
  maxStrokeWidth: number
}

// MNIST's own preprocessing (LeCun et al.): each NIST digit was scaled to fit a 20x20 box keeping
// its aspect ratio, anti-aliased to grey levels, then placed in a 28x28 field so that its centre
// of mass sits at the centre. Doing the same here makes the synthetic and real digits share size,
// position and edge statistics, which matters more for sim2real than any single stroke detail.
const FIELD = 28
const BOX = 20
// Rendering is supersampled then area-averaged: that is the anti-aliasing.
const SUPERSAMPLE = 4
const SPLINE_SAMPLES = 6
// Letter width relative to the unit-square skeletons, per class, matched to the mean ink
// bounding box of each MNIST class (measured on a 1,000-image slice of the training set:
// e.g. an 8 is 17.2 x 19.9 px, a 9 14.6 x 20.0 px).
const ASPECT = [1.25, 1, 0.97, 0.86, 0.88, 1.0, 0.96, 0.7, 1.1, 0.97]
// Pen width per class, relative to the drawn width: the mean ink (sum of grey levels) of each
// class then matches MNIST's on the 1,000-image validation slice of the training set (e.g. a 4
// was drawn with 27% more ink than MNIST's 4s, a 0 or a 1 with the same).
const INK = [1.06, 1.06, 1.0, 1.0, 0.83, 0.84, 1.0, 0.96, 0.93, 0.87]

/**
 * A smooth random displacement field made of a few low-frequency waves: bends the skeleton the
 * way a hand wobbles, while keeping strokes continuous (a pixel-space warp would tear thin lines).
 */
function smoothField(r: Rng, amplitude: number): (p: Point) => Point {
  const waves: number[][] = []
  for (let i = 0; i < 3; i++) {
    const f = r.range(1.2, 3.2) * Math.PI
    const a = r.range(0, 2 * Math.PI)
    waves.push([f * cos(a), f * sin(a), r.range(0, 2 * Math.PI), r.normal(0, amplitude), r.normal(0, amplitude)])
  }
  return ([x, y]) => {
    let dx = 0
    let dy = 0
    for (const [fx, fy, ph, ax, ay] of waves) {
      const s = sin(fx * x + fy * y + ph)
      dx += ax * s
      dy += ay * s
    }
    return [x + dx, y + dy]
  }
}

/** One 28x28 grey digit, white on black, labelled with its class. */
export default function generate({ index, params, rng }: GenerateContext<DigitsParams>): Sample {
  if (params.minStrokeWidth > params.maxStrokeWidth) {
    throw new RangeError(`minStrokeWidth (${params.minStrokeWidth}) must be <= maxStrokeWidth (${params.maxStrokeWidth})`)
  }
  const digit = params.classes[index % params.classes.length]
  const shape = rng.fork('shape')
  const pen = rng.fork('pen')
  const warp = rng.fork('warp')
  // Each writer is messier or neater than the last: the deformation strength itself varies per
  // sample (0.6x to 1.5x), so a model sees more than one "average" hand.
  const d = params.distortion * rng.fork('messiness').range(0.6, 1.5)

  // Skeleton with per-point jitter: the same style never comes out twice.
  const glyph = glyphBuilders[digit](shape)
  const jitter = 0.022 * d
  const strokes: Point[][] = glyph.map((stroke) => {
    const line: Point[] = []
    for (const piece of stroke) {
      const jittered = piece.map(([x, y]) => [x + shape.normal(0, jitter), y + shape.normal(0, jitter)] as Point)
      const smooth = catmullRom(jittered, SPLINE_SAMPLES)
      // Pieces meet at corners: drop the duplicate joint so the polyline has no zero-length segment.
      for (const p of line.length > 0 ? smooth.slice(1) : smooth) line.push(p)
    }
    return line
  })

  // Hand-level deformation, then the writer's slant, rotation and letter width.
  // A 1 is a single thin line: the same wobble that looks natural on a loop bends it into an S.
  const field = smoothField(warp, (digit === 1 ? 0.015 : 0.035) * d)
  // Most writers lean right; a 1 (a bare stroke) shows it most: MNIST's 1s are 12 px wide on average.
  const slant = digit === 1 ? warp.normal(0.4, 0.22 * d) : warp.normal(0.22, 0.25 * d)
  const angle = warp.normal(0, 0.1 * d)
  const widthScale = ASPECT[digit] * exp(warp.normal(0, 0.14 * d))
  const ca = cos(angle)
  const sa = sin(angle)
  const placed = strokes.map((line) =>
    line.map((p) => {
      const [wx, wy] = field(p)
      const x = (wx - 0.5) * widthScale + slant * (0.5 - wy)
      const y = wy - 0.5
      return [ca * x - sa * y, sa * x + ca * y] as Point
    }),
  )

  const [minX, minY, maxX, maxY] = bounds(placed)

  // Pen width in final pixels.
  const lo = params.minStrokeWidth
  const hi = params.maxStrokeWidth
  // Mostly mid-range pens (mean of two uniforms over the lower three quarters: MNIST's typical
  // stroke is 2.5-3 px), and one digit in six written with a bold pen whose loops nearly fill.
  const penWidth = pen.bool(1 / 6)
    ? lo + (hi - lo) * pen.range(0.5, 1)
    : lo + 0.75 * (hi - lo) * 0.5 * (pen.float() + pen.float())
  const width = INK[digit] * penWidth
  // The skeleton + pen is fitted a little inside the 20-pixel box: pressure swell and the pixel
  // warp then spread the ink to MNIST's measured 20-pixel extent (grey > 0.2) instead of 21.
  const scale = (BOX - 0.8 - width) / Math.max(maxX - minX, maxY - minY, 1e-6)
  const boxW = Math.ceil((maxX - minX) * scale + width)
  const boxH = Math.ceil((maxY - minY) * scale + width)
  const canvas = createCanvas(boxW * SUPERSAMPLE, boxH * SUPERSAMPLE)
  const offX = (boxW - (maxX - minX) * scale) / 2
  const offY = (boxH - (maxY - minY) * scale) / 2
  for (const line of placed) {
    // Pressure: the width swells and thins smoothly along the stroke, lighter at the ends.
    const p0 = pen.range(0.75, 1.1)
    const p1 = pen.range(0.75, 1.1)
    const wobble = pen.range(0, 0.15)
    const phase = pen.range(0, 2 * Math.PI)
    const n = line.length
    const widths = line.map((_, i) => {
      const t = n > 1 ? i / (n - 1) : 0
      return width * SUPERSAMPLE * (p0 + (p1 - p0) * t) * (1 + wobble * sin(phase + 6 * t))
    })
    const pts = line.map(
      ([x, y]) => [((x - minX) * scale + offX) * SUPERSAMPLE, ((y - minY) * scale + offY) * SUPERSAMPLE] as Point,
    )
    strokePolyline(canvas, pts, { width: widths })
  }
  const small = resizeArea(canvas, boxW, boxH)

  // Place the box in the 28x28 field, then warp, then centre by mass (after the warp, which
  // moves ink by a pixel or two, so the final image is centred exactly as MNIST's are).
  const field28 = createCanvas(FIELD, FIELD)
  const ox = Math.floor((FIELD - boxW) / 2)
  const oy = Math.floor((FIELD - boxH) / 2)
  for (let y = 0; y < boxH; y++) {
    for (let x = 0; x < boxW; x++) field28.data[(y + oy) * FIELD + x + ox] = small.data[y * boxW + x]
  }
  // Pixel-level elastic distortion (Simard et al. 2003; their MNIST setting is alpha 34, sigma 4 -
  // less on average here, as the skeleton is already warped): local wobble of the ink that
  // skeleton-level warps cannot give.
  const alpha = 24 * d * warp.range(0.2, 1)
  const warped = alpha > 0 ? elasticWarp(field28, warp, { alpha, sigma: 4 }) : field28
  return { image: toImage(centreByMass(warped)), label: { class: digit } }
}

/** [minX, minY, maxX, maxY] of every point of every line. */
function bounds(lines: Point[][]): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const line of lines) {
    for (const [x, y] of line) {
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
      minY = Math.min(minY, y)
      maxY = Math.max(maxY, y)
    }
  }
  return [minX, minY, maxX, maxY]
}

/** Shifts the image by whole pixels so that its centre of mass is at the centre (MNIST's rule). */
function centreByMass(canvas: Canvas): Canvas {
  const ink = measureInk(canvas)
  const dx = Math.round(FIELD / 2 - ink.centerX)
  const dy = Math.round(FIELD / 2 - ink.centerY)
  if (dx === 0 && dy === 0) return canvas
  const out = createCanvas(FIELD, FIELD)
  for (let y = 0; y < FIELD; y++) {
    const sy = y - dy
    if (sy < 0 || sy >= FIELD) continue
    for (let x = 0; x < FIELD; x++) {
      const sx = x - dx
      if (sx >= 0 && sx < FIELD) out.data[y * FIELD + x] = canvas.data[sy * FIELD + sx]
    }
  }
  return out
}
