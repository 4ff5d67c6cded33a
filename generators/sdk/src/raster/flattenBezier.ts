import type { Point } from './Point.ts'

/**
 * Points along a Bezier curve of any degree (2 control points = line, 3 = quadratic, 4 = cubic),
 * evaluated with de Casteljau's algorithm at `segments` + 1 evenly spaced parameters. By default
 * the segment count follows the control polygon's length (about one segment per 2 pixels, 4 to
 * 256), which is a pure function of the inputs and therefore deterministic.
 */
export function flattenBezier(controlPoints: readonly Point[], segments?: number): Point[] {
  if (controlPoints.length < 2) throw new RangeError(`flattenBezier needs at least 2 control points, got ${controlPoints.length}`)
  let n = segments
  if (n === undefined) {
    let length = 0
    for (let i = 1; i < controlPoints.length; i++) {
      const dx = controlPoints[i][0] - controlPoints[i - 1][0]
      const dy = controlPoints[i][1] - controlPoints[i - 1][1]
      length += Math.sqrt(dx * dx + dy * dy)
    }
    n = Math.min(256, Math.max(4, Math.ceil(length / 2)))
  } else if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`flattenBezier: segments must be a positive integer, got ${n}`)
  }
  const xs = new Float64Array(controlPoints.length)
  const ys = new Float64Array(controlPoints.length)
  const out: Point[] = []
  for (let s = 0; s <= n; s++) {
    const t = s / n
    for (let i = 0; i < controlPoints.length; i++) {
      xs[i] = controlPoints[i][0]
      ys[i] = controlPoints[i][1]
    }
    for (let level = controlPoints.length - 1; level > 0; level--) {
      for (let i = 0; i < level; i++) {
        xs[i] = xs[i] + (xs[i + 1] - xs[i]) * t
        ys[i] = ys[i] + (ys[i + 1] - ys[i]) * t
      }
    }
    out.push([xs[0], ys[0]])
  }
  return out
}
