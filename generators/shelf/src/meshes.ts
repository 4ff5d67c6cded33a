import { cos, sin } from '@neuromation/generator-sdk'
import type { MeshVertex, Vec3 } from './Rasterizer.ts'

/** Face tags a shader can tell apart through the v coordinate offset: front faces keep v in [0, 1]. */
export const FACE_FRONT = 0
export const FACE_SIDE = 1
export const FACE_TOP = 2

/**
 * An axis-aligned box standing on (cx, y0, cz), as a triangle list. u, v map the front face
 * (facing +z, the camera) to [0, 1]^2; other faces get u = -1 (side) or -2 (top/bottom) so
 * shaders can texture the front label only.
 */
export function boxMesh(cx: number, y0: number, cz: number, w: number, h: number, d: number): MeshVertex[] {
  const x0 = cx - w / 2
  const x1 = cx + w / 2
  const y1 = y0 + h
  const z0 = cz - d / 2
  const z1 = cz + d / 2
  const out: MeshVertex[] = []
  const quad = (p: Vec3[], n: Vec3, uv: [number, number][]): void => {
    const v = (i: number): MeshVertex => ({ p: p[i], n, u: uv[i][0], v: uv[i][1] })
    out.push(v(0), v(1), v(2), v(0), v(2), v(3))
  }
  const side: [number, number][] = [
    [-1, 0],
    [-1, 0],
    [-1, 1],
    [-1, 1],
  ]
  const top: [number, number][] = [
    [-2, 0],
    [-2, 0],
    [-2, 0],
    [-2, 0],
  ]
  quad(
    [
      [x0, y0, z1],
      [x1, y0, z1],
      [x1, y1, z1],
      [x0, y1, z1],
    ],
    [0, 0, 1],
    [
      [0, 1],
      [1, 1],
      [1, 0],
      [0, 0],
    ],
  )
  quad(
    [
      [x1, y0, z0],
      [x0, y0, z0],
      [x0, y1, z0],
      [x1, y1, z0],
    ],
    [0, 0, -1],
    side,
  )
  quad(
    [
      [x0, y0, z0],
      [x0, y0, z1],
      [x0, y1, z1],
      [x0, y1, z0],
    ],
    [-1, 0, 0],
    side,
  )
  quad(
    [
      [x1, y0, z1],
      [x1, y0, z0],
      [x1, y1, z0],
      [x1, y1, z1],
    ],
    [1, 0, 0],
    side,
  )
  quad(
    [
      [x0, y1, z1],
      [x1, y1, z1],
      [x1, y1, z0],
      [x0, y1, z0],
    ],
    [0, 1, 0],
    top,
  )
  quad(
    [
      [x0, y0, z0],
      [x1, y0, z0],
      [x1, y0, z1],
      [x0, y0, z1],
    ],
    [0, -1, 0],
    top,
  )
  return out
}

/**
 * A surface of revolution around the vertical axis through (cx, cz): `profile` lists
 * [radius, height] pairs from the bottom up; closed with a flat cap on top. Side vertices get
 * u = angle / 2pi (0 facing the camera) and v = 1 - height / total height; smooth normals
 * from the profile slope. The top cap gets u = -2.
 */
export function latheMesh(
  cx: number,
  y0: number,
  cz: number,
  profile: readonly [number, number][],
  segments: number,
): MeshVertex[] {
  const out: MeshVertex[] = []
  const total = profile[profile.length - 1][1]
  const ring = (i: number, s: number): MeshVertex => {
    const [r, h] = profile[i]
    // Slope normal: perpendicular to the profile segment around this point.
    const prev = profile[Math.max(0, i - 1)]
    const next = profile[Math.min(profile.length - 1, i + 1)]
    const dr = next[0] - prev[0]
    const dh = next[1] - prev[1]
    const len = Math.sqrt(dr * dr + dh * dh) || 1
    const radial = dh / len
    const vertical = -dr / len
    // Angle 0 points at +z (towards the camera) so the label's centre faces the viewer.
    const a = (2 * Math.PI * s) / segments
    const sx = sin(a)
    const cz2 = cos(a)
    return {
      p: [cx + r * sx, y0 + h, cz + r * cz2],
      n: [radial * sx, vertical, radial * cz2],
      u: s / segments,
      v: 1 - h / total,
    }
  }
  // Each ring vertex computed once and shared by the quads around it.
  const grid = profile.map((_, i) => Array.from({ length: segments + 1 }, (_, s) => ring(i, s)))
  for (let i = 0; i + 1 < profile.length; i++) {
    for (let s = 0; s < segments; s++) {
      const a = grid[i][s]
      const b = grid[i][s + 1]
      const c = grid[i + 1][s + 1]
      const d = grid[i + 1][s]
      out.push(a, b, c, a, c, d)
    }
  }
  const [rTop, hTop] = profile[profile.length - 1]
  if (rTop > 0) {
    const centre: MeshVertex = { p: [cx, y0 + hTop, cz], n: [0, 1, 0], u: -2, v: 0 }
    for (let s = 0; s < segments; s++) {
      const a0 = (2 * Math.PI * s) / segments
      const a1 = (2 * Math.PI * (s + 1)) / segments
      out.push(
        centre,
        { p: [cx + rTop * sin(a0), y0 + hTop, cz + rTop * cos(a0)], n: [0, 1, 0], u: -2, v: 0 },
        { p: [cx + rTop * sin(a1), y0 + hTop, cz + rTop * cos(a1)], n: [0, 1, 0], u: -2, v: 0 },
      )
    }
  }
  return out
}
