import { blendCoverage } from './blendCoverage.ts'
import { type Canvas, type Color, resolveColor } from './Canvas.ts'
import type { Point } from './Point.ts'

export interface FillOptions {
  color?: Color
  opacity?: number
  /** 'nonzero' (default) or 'evenodd', as in SVG/canvas. */
  rule?: 'nonzero' | 'evenodd'
}

// Sub-scanlines per pixel row; horizontal coverage is computed exactly, so 4 rows give smooth
// edges at every angle for a quarter of the cost of 4x4 supersampling.
const SUB = 4

/**
 * Fills one polygon or several (holes via the fill rule) with anti-aliased edges. Exact
 * horizontal span coverage on 4 sub-scanlines per pixel row.
 */
export function fillPolygon(
  canvas: Canvas,
  polygons: readonly Point[] | readonly (readonly Point[])[],
  options: FillOptions = {},
): void {
  const rings: (readonly Point[])[] =
    polygons.length > 0 && Array.isArray((polygons as readonly (readonly Point[])[])[0][0])
      ? (polygons as readonly (readonly Point[])[]).slice()
      : [polygons as readonly Point[]]
  const color = resolveColor(options.color ?? 1, canvas.channels)
  const opacity = options.opacity ?? 1
  const evenOdd = options.rule === 'evenodd'

  // Edges as (x0, y0, x1, y1, direction), oriented top to bottom; horizontal edges never cross
  // a scanline and are dropped.
  const edges: number[] = []
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const [ax, ay] = ring[i]
      const [bx, by] = ring[(i + 1) % ring.length]
      if (![ax, ay].every(Number.isFinite)) throw new RangeError(`fillPolygon: point ${i} (${ax}, ${ay}) is not finite`)
      minX = Math.min(minX, ax)
      maxX = Math.max(maxX, ax)
      minY = Math.min(minY, ay)
      maxY = Math.max(maxY, ay)
      if (ay === by) continue
      if (ay < by) edges.push(ax, ay, bx, by, 1)
      else edges.push(bx, by, ax, ay, -1)
    }
  }
  if (edges.length === 0) return
  const x0 = Math.max(0, Math.floor(minX))
  const y0 = Math.max(0, Math.floor(minY))
  const x1 = Math.min(canvas.width, Math.ceil(maxX) + 1)
  const y1 = Math.min(canvas.height, Math.ceil(maxY) + 1)
  if (x1 <= x0 || y1 <= y0) return
  const w = x1 - x0
  const h = y1 - y0
  const coverage = new Float32Array(w * h)
  const crossings: { x: number; dir: number }[] = []

  for (let py = y0; py < y1; py++) {
    for (let s = 0; s < SUB; s++) {
      const sy = py + (s + 0.5) / SUB
      crossings.length = 0
      for (let e = 0; e < edges.length; e += 5) {
        const ey0 = edges[e + 1]
        const ey1 = edges[e + 3]
        if (sy < ey0 || sy >= ey1) continue
        const t = (sy - ey0) / (ey1 - ey0)
        crossings.push({ x: edges[e] + (edges[e + 2] - edges[e]) * t, dir: edges[e + 4] })
      }
      if (crossings.length < 2) continue
      crossings.sort((a, b) => a.x - b.x)
      let winding = 0
      for (let i = 0; i < crossings.length - 1; i++) {
        winding = evenOdd ? winding ^ 1 : winding + crossings[i].dir
        if (winding === 0) continue
        addSpan(coverage, (py - y0) * w, x0, w, crossings[i].x, crossings[i + 1].x)
      }
    }
  }
  blendCoverage(canvas, coverage, x0, y0, w, h, color, opacity)
}

// Adds the exact horizontal overlap of [xa, xb) with each pixel of the row, weighted 1/SUB.
function addSpan(coverage: Float32Array, rowBase: number, x0: number, w: number, xa: number, xb: number): void {
  const a = Math.max(xa - x0, 0)
  const b = Math.min(xb - x0, w)
  if (b <= a) return
  const ia = Math.floor(a)
  const ib = Math.min(Math.floor(b), w - 1)
  if (ia === ib) {
    coverage[rowBase + ia] += (b - a) / SUB
    return
  }
  coverage[rowBase + ia] += (ia + 1 - a) / SUB
  for (let i = ia + 1; i < ib; i++) coverage[rowBase + i] += 1 / SUB
  if (ib < w) coverage[rowBase + ib] += (b - ib) / SUB
}
