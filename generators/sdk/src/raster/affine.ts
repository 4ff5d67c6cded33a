import { cos, sin } from '../detMath.ts'

/**
 * A 2-D affine map [a, b, c, d, e, f]: x' = a x + b y + c, y' = d x + e y + f, in pixel
 * coordinates (pixel centres at +0.5). Built with the SDK's deterministic sin/cos.
 */
export type Affine = readonly [number, number, number, number, number, number]

export const affine = {
  identity(): Affine {
    return [1, 0, 0, 0, 1, 0]
  },
  translate(tx: number, ty: number): Affine {
    return [1, 0, tx, 0, 1, ty]
  },
  /** Scale about (cx, cy) (default the origin). */
  scale(sx: number, sy = sx, cx = 0, cy = 0): Affine {
    return [sx, 0, cx - sx * cx, 0, sy, cy - sy * cy]
  },
  /** Rotation by `angle` radians (clockwise on screen, since y points down) about (cx, cy). */
  rotate(angle: number, cx = 0, cy = 0): Affine {
    const c = cos(angle)
    const s = sin(angle)
    return [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy]
  },
  /** Horizontal shear about the row y = cy: x' = x + k (y - cy). Slants handwriting. */
  shearX(k: number, cy = 0): Affine {
    return [1, k, -k * cy, 0, 1, 0]
  },
  /** Composition: apply `first`, then `second` (not named `then`: that would make the object a thenable). */
  compose(first: Affine, second: Affine): Affine {
    const [a1, b1, c1, d1, e1, f1] = first
    const [a2, b2, c2, d2, e2, f2] = second
    return [
      a2 * a1 + b2 * d1,
      a2 * b1 + b2 * e1,
      a2 * c1 + b2 * f1 + c2,
      d2 * a1 + e2 * d1,
      d2 * b1 + e2 * e1,
      d2 * c1 + e2 * f1 + f2,
    ]
  },
  /** Composes any number of maps, applied left to right. */
  chain(...maps: Affine[]): Affine {
    return maps.reduce((acc, m) => affine.compose(acc, m), affine.identity())
  },
  invert(m: Affine): Affine {
    const [a, b, c, d, e, f] = m
    const det = a * e - b * d
    if (det === 0 || !Number.isFinite(det)) throw new RangeError(`affine.invert: the map [${m.join(', ')}] is singular`)
    return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det]
  },
  apply(m: Affine, x: number, y: number): [number, number] {
    return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]]
  },
}
