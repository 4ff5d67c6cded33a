import type { Point } from './Point.ts'

/**
 * A smooth curve through every given point (uniform Catmull-Rom spline, end points repeated),
 * `samplesPerSegment` points per span: handy for pen strokes defined by a few skeleton points.
 */
export function catmullRom(points: readonly Point[], samplesPerSegment = 8): Point[] {
  if (!Number.isInteger(samplesPerSegment) || samplesPerSegment < 1) {
    throw new RangeError(`catmullRom: samplesPerSegment must be a positive integer, got ${samplesPerSegment}`)
  }
  if (points.length < 3) return points.map((p) => [p[0], p[1]] as Point)
  const out: Point[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(0, i - 1)]
    const p1 = points[i]
    const p2 = points[i + 1]
    const p3 = points[Math.min(points.length - 1, i + 2)]
    for (let s = 0; s < samplesPerSegment; s++) {
      const t = s / samplesPerSegment
      const t2 = t * t
      const t3 = t2 * t
      const a = -0.5 * t3 + t2 - 0.5 * t
      const b = 1.5 * t3 - 2.5 * t2 + 1
      const c = -1.5 * t3 + 2 * t2 + 0.5 * t
      const d = 0.5 * t3 - 0.5 * t2
      out.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]])
    }
  }
  const last = points[points.length - 1]
  out.push([last[0], last[1]])
  return out
}
