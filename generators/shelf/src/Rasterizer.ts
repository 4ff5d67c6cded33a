/** A 3-vector. */
export type Vec3 = [number, number, number]

/** Everything a fragment shader sees, interpolated perspective-correctly. */
export interface Fragment {
  u: number
  v: number
  nx: number
  ny: number
  nz: number
  /** World position. */
  x: number
  y: number
  z: number
}

/** Returns the lit colour (r, g, b in [0, 1]) of a fragment, written into `out`. */
export type Shader = (f: Fragment, out: Float64Array) => void

export interface MeshVertex {
  p: Vec3
  n: Vec3
  u: number
  v: number
}

/** A pinhole camera looking from `eye` at `target`, y up, focal length in pixels. */
export interface Camera {
  eye: Vec3
  right: Vec3
  up: Vec3
  forward: Vec3
  focal: number
  cx: number
  cy: number
}

export function normalize(v: Vec3): Vec3 {
  const l = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
  return [v[0] / l, v[1] / l, v[2] / l]
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

export function lookAt(eye: Vec3, target: Vec3, verticalFovTan: number, width: number, height: number): Camera {
  const forward = normalize([target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]])
  const right = normalize(cross(forward, [0, 1, 0]))
  const up = cross(right, forward)
  return { eye, right, up, forward, focal: height / 2 / verticalFovTan, cx: width / 2, cy: height / 2 }
}

/**
 * A z-buffer triangle rasterizer. One sample per pixel, at the pixel centre, so the colour,
 * the instance id and the depth of every pixel come from the same nearest fragment: the masks
 * and depth maps are pixel-exact by construction.
 */
export class Rasterizer {
  readonly color: Float32Array
  /** Distance along the view axis of the nearest fragment, Infinity where none. */
  readonly depth: Float32Array
  /** Instance id of the nearest fragment (0 = background / scenery). */
  readonly ids: Uint16Array
  private readonly frag: Fragment = { u: 0, v: 0, nx: 0, ny: 0, nz: 0, x: 0, y: 0, z: 0 }
  private readonly rgb = new Float64Array(3)
  private readonly projected = new Float64Array(9)

  constructor(
    readonly width: number,
    readonly height: number,
    readonly camera: Camera,
  ) {
    this.color = new Float32Array(width * height * 3)
    this.depth = new Float32Array(width * height).fill(Infinity)
    this.ids = new Uint16Array(width * height)
  }

  /** Draws a triangle list (3 vertices per triangle) with one shader and instance id. */
  /**
   * The pixel box [x0, y0, x1) x [y0, y1) covered by a mesh's projection if nothing hid it: its
   * full (amodal) extent, clipped to the frame; null when it is entirely outside.
   */
  projectedBounds(vertices: readonly MeshVertex[]): [number, number, number, number] | null {
    const cam = this.camera
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    for (const { p } of vertices) {
      const dx = p[0] - cam.eye[0]
      const dy = p[1] - cam.eye[1]
      const dz = p[2] - cam.eye[2]
      const d = dx * cam.forward[0] + dy * cam.forward[1] + dz * cam.forward[2]
      const x = cam.cx + (cam.focal * (dx * cam.right[0] + dy * cam.right[1] + dz * cam.right[2])) / d
      const y = cam.cy - (cam.focal * (dx * cam.up[0] + dy * cam.up[1] + dz * cam.up[2])) / d
      minX = Math.min(minX, x)
      minY = Math.min(minY, y)
      maxX = Math.max(maxX, x)
      maxY = Math.max(maxY, y)
    }
    // Pixel centres inside the projected extent, the same sampling rule as the rasterizer.
    const x0 = Math.max(0, Math.ceil(minX - 0.5))
    const y0 = Math.max(0, Math.ceil(minY - 0.5))
    const x1 = Math.min(this.width, Math.floor(maxX - 0.5) + 1)
    const y1 = Math.min(this.height, Math.floor(maxY - 0.5) + 1)
    return x1 > x0 && y1 > y0 ? [x0, y0, x1, y1] : null
  }

  drawMesh(vertices: readonly MeshVertex[], id: number, shade: Shader): void {
    for (let i = 0; i + 2 < vertices.length; i += 3) this.drawTriangle(vertices[i], vertices[i + 1], vertices[i + 2], id, shade)
  }

  private drawTriangle(a: MeshVertex, b: MeshVertex, c: MeshVertex, id: number, shade: Shader): void {
    const { camera: cam, width, height } = this
    // Back-face culling with the geometric normal, oriented like the vertex normals: exact for
    // closed meshes (every back face is hidden by a front face), and it halves the work.
    const e1x = b.p[0] - a.p[0]
    const e1y = b.p[1] - a.p[1]
    const e1z = b.p[2] - a.p[2]
    const e2x = c.p[0] - a.p[0]
    const e2y = c.p[1] - a.p[1]
    const e2z = c.p[2] - a.p[2]
    let gx = e1y * e2z - e1z * e2y
    let gy = e1z * e2x - e1x * e2z
    let gz = e1x * e2y - e1y * e2x
    if (gx * (a.n[0] + b.n[0] + c.n[0]) + gy * (a.n[1] + b.n[1] + c.n[1]) + gz * (a.n[2] + b.n[2] + c.n[2]) < 0) {
      gx = -gx
      gy = -gy
      gz = -gz
    }
    if (gx * (cam.eye[0] - a.p[0]) + gy * (cam.eye[1] - a.p[1]) + gz * (cam.eye[2] - a.p[2]) <= 0) return
    // Projection into a reused buffer (x, y, depth per vertex): this runs for every triangle,
    // and small arrays per vertex were a large share of the garbage collector's work.
    const q = this.projected
    const project = (p: Vec3, o: number): void => {
      const dx = p[0] - cam.eye[0]
      const dy = p[1] - cam.eye[1]
      const dz = p[2] - cam.eye[2]
      const d = dx * cam.forward[0] + dy * cam.forward[1] + dz * cam.forward[2]
      q[o] = cam.cx + (cam.focal * (dx * cam.right[0] + dy * cam.right[1] + dz * cam.right[2])) / d
      q[o + 1] = cam.cy - (cam.focal * (dx * cam.up[0] + dy * cam.up[1] + dz * cam.up[2])) / d
      q[o + 2] = d
    }
    project(a.p, 0)
    project(b.p, 3)
    project(c.p, 6)
    const ax = q[0]
    const ay = q[1]
    const ad = q[2]
    const bx = q[3]
    const by = q[4]
    const bd = q[5]
    const cx = q[6]
    const cy = q[7]
    const cd = q[8]
    // The scene is built in front of the camera; a vertex behind the near plane means a
    // triangle the camera is inside of, which this scene never needs.
    if (ad < 0.01 || bd < 0.01 || cd < 0.01) return
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    if (area === 0 || !Number.isFinite(area)) return
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)))
    const maxX = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)))
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)))
    const maxY = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)))
    const ia = 1 / ad
    const ib = 1 / bd
    const ic = 1 / cd
    const f = this.frag
    const rgb = this.rgb
    for (let py = minY; py <= maxY; py++) {
      const sy = py + 0.5
      for (let px = minX; px <= maxX; px++) {
        const sx = px + 0.5
        // Barycentric weights from edge functions, normalized by the signed area so both
        // windings work.
        const w0 = ((bx - sx) * (cy - sy) - (by - sy) * (cx - sx)) / area
        const w1 = ((cx - sx) * (ay - sy) - (cy - sy) * (ax - sx)) / area
        const w2 = 1 - w0 - w1
        if (w0 < 0 || w1 < 0 || w2 < 0) continue
        const p0 = w0 * ia
        const p1 = w1 * ib
        const p2 = w2 * ic
        const inv = p0 + p1 + p2
        const depth = 1 / inv
        const k = py * width + px
        if (!(depth < this.depth[k])) continue
        this.depth[k] = depth
        this.ids[k] = id
        const q0 = p0 * depth
        const q1 = p1 * depth
        const q2 = p2 * depth
        f.u = q0 * a.u + q1 * b.u + q2 * c.u
        f.v = q0 * a.v + q1 * b.v + q2 * c.v
        f.nx = q0 * a.n[0] + q1 * b.n[0] + q2 * c.n[0]
        f.ny = q0 * a.n[1] + q1 * b.n[1] + q2 * c.n[1]
        f.nz = q0 * a.n[2] + q1 * b.n[2] + q2 * c.n[2]
        f.x = q0 * a.p[0] + q1 * b.p[0] + q2 * c.p[0]
        f.y = q0 * a.p[1] + q1 * b.p[1] + q2 * c.p[1]
        f.z = q0 * a.p[2] + q1 * b.p[2] + q2 * c.p[2]
        shade(f, rgb)
        this.color[3 * k] = rgb[0]
        this.color[3 * k + 1] = rgb[1]
        this.color[3 * k + 2] = rgb[2]
      }
    }
  }
}
