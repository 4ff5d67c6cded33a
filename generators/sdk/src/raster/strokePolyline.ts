import { blendCoverage } from './blendCoverage.ts'
import { type Canvas, type Color, resolveColor } from './Canvas.ts'
import type { Point } from './Point.ts'

export interface StrokeOptions {
  /** Pen width in pixels: one value, or one per point (pressure), interpolated along segments. */
  width: number | readonly number[]
  /** Ink colour (default 1 = white). */
  color?: Color
  /** Ink opacity in [0, 1] (default 1). */
  opacity?: number
}

/**
 * Draws an anti-aliased stroke with round caps and joins through the points. Pixel (x, y)
 * covers [x, x+1) x [y, y+1); its coverage is `radius - distance + 0.5` to the nearest segment
 * (clamped to [0, 1]), the maximum over all segments, so overlapping segments and joins never
 * darken twice.
 */
export function strokePolyline(canvas: Canvas, points: readonly Point[], options: StrokeOptions): void {
  if (points.length === 0) return
  const widths = options.width
  if (Array.isArray(widths) && widths.length !== points.length) {
    throw new RangeError(`strokePolyline: ${widths.length} widths for ${points.length} points; give one width or one per point`)
  }
  const radius = (i: number): number => 0.5 * (typeof widths === 'number' ? widths : (widths as readonly number[])[i])
  const color = resolveColor(options.color ?? 1, canvas.channels)
  const opacity = options.opacity ?? 1

  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < points.length; i++) {
    const [x, y] = points[i]
    const r = radius(i)
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(r) || r < 0) {
      throw new RangeError(`strokePolyline: point ${i} (${x}, ${y}) width ${2 * r} must be finite and width >= 0`)
    }
    minX = Math.min(minX, x - r)
    minY = Math.min(minY, y - r)
    maxX = Math.max(maxX, x + r)
    maxY = Math.max(maxY, y + r)
  }
  const x0 = Math.max(0, Math.floor(minX - 1))
  const y0 = Math.max(0, Math.floor(minY - 1))
  const x1 = Math.min(canvas.width, Math.ceil(maxX + 1))
  const y1 = Math.min(canvas.height, Math.ceil(maxY + 1))
  if (x1 <= x0 || y1 <= y0) return
  const w = x1 - x0
  const h = y1 - y0
  const coverage = new Float32Array(w * h)

  const segments = points.length === 1 ? 1 : points.length - 1
  for (let s = 0; s < segments; s++) {
    const [ax, ay] = points[s]
    const [bx, by] = points.length === 1 ? points[0] : points[s + 1]
    const ra = radius(s)
    const rb = radius(points.length === 1 ? 0 : s + 1)
    const dx = bx - ax
    const dy = by - ay
    const len2 = dx * dx + dy * dy
    const rMax = Math.max(ra, rb)
    const sx0 = Math.max(x0, Math.floor(Math.min(ax, bx) - rMax - 1))
    const sy0 = Math.max(y0, Math.floor(Math.min(ay, by) - rMax - 1))
    const sx1 = Math.min(x1, Math.ceil(Math.max(ax, bx) + rMax + 1))
    const sy1 = Math.min(y1, Math.ceil(Math.max(ay, by) + rMax + 1))
    for (let py = sy0; py < sy1; py++) {
      const cy = py + 0.5
      for (let px = sx0; px < sx1; px++) {
        const cx = px + 0.5
        let t = len2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / len2 : 0
        t = Math.min(1, Math.max(0, t))
        const ex = cx - (ax + t * dx)
        const ey = cy - (ay + t * dy)
        const r = ra + (rb - ra) * t
        const cov = r - Math.sqrt(ex * ex + ey * ey) + 0.5
        if (cov <= 0) continue
        const k = (py - y0) * w + (px - x0)
        const c = Math.min(1, cov)
        if (c > coverage[k]) coverage[k] = c
      }
    }
  }
  blendCoverage(canvas, coverage, x0, y0, w, h, color, opacity)
}
