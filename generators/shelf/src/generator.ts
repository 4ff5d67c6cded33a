import { type GenerateFn, type JsonValue, pow, type Rng } from '@neuromation/generator-sdk'
import { labelTexture } from './labelTexture.ts'
import { boxMesh, latheMesh } from './meshes.ts'
import { type Fragment, lookAt, type MeshVertex, normalize, Rasterizer, type Shader, type Vec3 } from './Rasterizer.ts'
import { type Rgb, type Sku, skuCatalog } from './skuCatalog.ts'

export interface ShelfParams {
  width: number
  height: number
  skuCount: number
  catalogSeed: number
  shelfRows: number
  maxProducts: number
  backRowProbability: number
  noise: number
}

// Shelf unit geometry, metres: x across, y up, z towards the camera (back panel at z = 0).
const HALF_WIDTH = 1.2
const DEPTH = 0.45
const BOARD = 0.03
const ROW_HEIGHT = 0.42
const LATHE_SEGMENTS = 20

interface Placed {
  id: number
  sku: Sku
  mesh: MeshVertex[]
}

// The catalogue depends only on (catalogSeed, skuCount): cached across samples in one isolate,
// which is safe because it is never mutated (same result as recomputing).
let catalogKey = ''
let catalog: Sku[] = []
function getCatalog(seed: number, count: number): Sku[] {
  const key = `${seed}/${count}`
  if (key !== catalogKey) {
    catalog = skuCatalog(seed, count)
    catalogKey = key
  }
  return catalog
}

function productMesh(sku: Sku, x: number, y: number, z: number): MeshVertex[] {
  if (sku.kind === 'box') return boxMesh(x, y, z, sku.width, sku.height, sku.depth)
  const r = sku.width / 2
  const h = sku.height
  if (sku.kind === 'can') {
    return latheMesh(
      x,
      y,
      z,
      [
        [r * 0.9, 0],
        [r, h * 0.04],
        [r, h * 0.96],
        [r * 0.88, h],
      ],
      LATHE_SEGMENTS,
    )
  }
  return latheMesh(
    x,
    y,
    z,
    [
      [r * 0.95, 0],
      [r, h * 0.03],
      [r, h * 0.55],
      [r * 0.8, h * 0.68],
      [r * 0.36, h * 0.8],
      [r * 0.34, h * 0.9],
      [r * 0.4, h * 0.9],
      [r * 0.4, h],
    ],
    LATHE_SEGMENTS,
  )
}

/** Places products row by row, left to right, in facings of 1-4 of the same SKU. */
function placeProducts(rng: Rng, skus: Sku[], params: ShelfParams): Placed[] {
  const placed: Placed[] = []
  for (let row = 0; row < params.shelfRows; row++) {
    const boardTop = 0.08 + row * ROW_HEIGHT + BOARD
    const clearance = ROW_HEIGHT - BOARD - 0.02
    const fits = skus.filter((s) => s.height <= clearance)
    if (fits.length === 0) continue
    for (const back of [false, true]) {
      if (back && !rng.bool(params.backRowProbability)) continue
      let x = -HALF_WIDTH + 0.02 + rng.range(0, 0.05)
      while (placed.length < params.maxProducts) {
        const sku = rng.pick(fits)
        const facings = rng.int(1, 4)
        let done = false
        for (let f = 0; f < facings; f++) {
          if (x + sku.width > HALF_WIDTH - 0.02 || placed.length >= params.maxProducts) {
            done = true
            break
          }
          // Front row flush with the shelf edge (a little jitter); back row behind it.
          const front = DEPTH - sku.depth / 2 - rng.range(0.005, 0.03)
          const z = back ? Math.max(sku.depth / 2 + 0.01, front - sku.depth - rng.range(0.03, 0.08)) : front
          const cx = x + sku.width / 2
          placed.push({ id: placed.length + 1, sku, mesh: productMesh(sku, cx, boardTop, z) })
          x += sku.width + rng.range(0.002, 0.012)
        }
        if (done) break
        // Occasional empty gap, as on a real shelf.
        if (rng.bool(0.12)) x += rng.range(0.04, 0.15)
      }
    }
  }
  return placed
}

interface Light {
  dir: Vec3
  ambient: number
  tint: Rgb
  exposure: number
}

function lit(base: ArrayLike<number>, f: Fragment, light: Light, glossy: boolean, eye: Vec3, out: Float64Array): void {
  const nl = Math.sqrt(f.nx * f.nx + f.ny * f.ny + f.nz * f.nz)
  const nx = f.nx / nl
  const ny = f.ny / nl
  const nz = f.nz / nl
  const ndl = Math.max(0, nx * light.dir[0] + ny * light.dir[1] + nz * light.dir[2])
  let spec = 0
  if (glossy) {
    let vx = eye[0] - f.x
    let vy = eye[1] - f.y
    let vz = eye[2] - f.z
    const vl = Math.sqrt(vx * vx + vy * vy + vz * vz)
    vx = vx / vl + light.dir[0]
    vy = vy / vl + light.dir[1]
    vz = vz / vl + light.dir[2]
    const hl = Math.sqrt(vx * vx + vy * vy + vz * vz)
    const ndh = (nx * vx + ny * vy + nz * vz) / hl
    if (ndh > 0) spec = 0.35 * pow(ndh, 24)
  }
  // Shelves shade what is under them: darker towards the back of the unit.
  const depthShade = 0.75 + 0.25 * Math.min(1, Math.max(0, f.z / DEPTH))
  const k = (light.ambient + (1 - light.ambient) * ndl) * depthShade * light.exposure
  for (let c = 0; c < 3; c++) out[c] = base[c] * light.tint[c] * k + spec
}

function skuShader(sku: Sku, light: Light, eye: Vec3): Shader {
  const tex = new Float64Array(3)
  const cap: Rgb = [sku.accent[0] * 0.6, sku.accent[1] * 0.6, sku.accent[2] * 0.6]
  const metal: Rgb = [0.72, 0.73, 0.75]
  const boxTop: Rgb = [sku.base[0] * 0.8, sku.base[1] * 0.8, sku.base[2] * 0.8]
  const plastic: Rgb = [sku.base[0] * 0.7, sku.base[1] * 0.7, sku.base[2] * 0.7]
  const top = sku.kind === 'box' ? boxTop : sku.kind === 'can' ? metal : cap
  // Colours are written into `tex` rather than allocated: this runs once per pixel.
  const set = (c: Rgb): void => {
    tex[0] = c[0]
    tex[1] = c[1]
    tex[2] = c[2]
  }
  return (f, out) => {
    if (f.u < -1.5) set(top)
    else if (f.u < -0.5) set(sku.base)
    else if (sku.kind === 'bottle') {
      // Label band on the body; coloured plastic elsewhere, the cap on top.
      if (f.v < 0.1) set(cap)
      else if (f.v > 0.5 && f.v < 0.9) labelTexture(sku, f.u, (f.v - 0.5) / 0.4, tex)
      else set(plastic)
    } else if (sku.kind === 'can') {
      if (f.v < 0.05 || f.v > 0.95) set(metal)
      else labelTexture(sku, f.u, (f.v - 0.05) / 0.9, tex)
    } else labelTexture(sku, f.u, f.v, tex)
    lit(tex, f, light, sku.glossy, eye, out)
  }
}

function flatShader(color: Rgb, light: Light, eye: Vec3): Shader {
  return (f, out) => lit(color, f, light, false, eye, out)
}

/**
 * A supermarket shelf: a shelving unit with `shelfRows` boards in front of a wall, products of
 * `skuCount` SKUs (boxes, cans, bottles with procedural labels) in facings, some in a second
 * row behind the first; perspective camera with random position, Lambert + Blinn lighting and
 * sensor noise. Labels: per visible product its SKU class, shape and pixel-exact bounding box
 * (from the same z-buffer as the image), an instance mask plane (16-bit ids, 0 = scenery) and a
 * depth plane (16-bit millimetres along the view axis).
 */
const generate: GenerateFn<ShelfParams> = ({ params, rng }) => {
  const { width, height } = params
  const skus = getCatalog(params.catalogSeed, params.skuCount)
  const unitHeight = 0.08 + params.shelfRows * ROW_HEIGHT + BOARD
  const eye: Vec3 = [rng.range(-0.35, 0.35), unitHeight * rng.range(0.45, 0.6), rng.range(1.7, 2.3)]
  const target: Vec3 = [eye[0] * rng.range(0.2, 0.6), unitHeight * rng.range(0.42, 0.55), 0.2]
  const camera = lookAt(eye, target, rng.range(0.42, 0.55) * (unitHeight / 1.8), width, height)
  const light: Light = {
    dir: normalize([rng.range(-0.5, 0.5), rng.range(0.6, 1), rng.range(0.4, 0.9)]),
    ambient: rng.range(0.3, 0.45),
    tint: [rng.range(0.92, 1), rng.range(0.92, 1), rng.range(0.85, 1)],
    exposure: rng.range(0.85, 1.15),
  }
  const r = new Rasterizer(width, height, camera)

  // Nearest first: products, then tags and boards, then the back panel, wall and floor, so the
  // depth test rejects hidden scenery before it is shaded (the wall alone spans the frame).
  const products = placeProducts(rng, skus, params)
  for (const p of products) r.drawMesh(p.mesh, p.id, skuShader(p.sku, light, eye))

  // Price tags along each board's front edge (scenery, id 0): white cards with a dark price,
  // some yellow/red promotions.
  const tagShader = (promo: boolean): Shader => {
    const base = new Float64Array(3)
    return (f, out) => {
      const inPrice = f.u > 0.45 && f.u < 0.9 && f.v > 0.3 && f.v < 0.75 && Math.floor(f.u * 14) % 3 !== 0
      const inName = f.u > 0.08 && f.u < 0.4 && f.v > 0.35 && f.v < 0.5
      const c: Rgb =
        inPrice || inName ? [0.1, 0.1, 0.12] : promo && f.v > 0.8 ? [0.9, 0.2, 0.15] : promo ? [1, 0.92, 0.3] : [0.96, 0.96, 0.94]
      base[0] = c[0]
      base[1] = c[1]
      base[2] = c[2]
      lit(base, f, light, false, eye, out)
    }
  }
  for (let row = 0; row < params.shelfRows; row++) {
    for (let x = -HALF_WIDTH + rng.range(0.05, 0.25); x < HALF_WIDTH - 0.08; x += rng.range(0.25, 0.6)) {
      r.drawMesh(boxMesh(x, 0.08 + row * ROW_HEIGHT + 0.002, DEPTH + 0.022, 0.07, 0.026, 0.004), 0, tagShader(rng.bool(0.2)))
    }
  }

  // The shelving unit: boards, base, side panels, back panel; then the floor and the wall.
  const frame: Rgb = rng.pick([
    [0.85, 0.85, 0.86],
    [0.3, 0.32, 0.35],
    [0.7, 0.55, 0.4],
  ] as Rgb[])
  const metalShader = flatShader(frame, light, eye)
  for (let row = 0; row <= params.shelfRows; row++) {
    r.drawMesh(boxMesh(0, 0.08 + row * ROW_HEIGHT, DEPTH / 2 + 0.01, HALF_WIDTH * 2, BOARD, DEPTH + 0.02), 0, metalShader)
  }
  r.drawMesh(boxMesh(0, 0, DEPTH / 2, HALF_WIDTH * 2, 0.08, DEPTH), 0, metalShader)
  for (const side of [-1, 1])
    r.drawMesh(boxMesh(side * (HALF_WIDTH + 0.015), 0, DEPTH / 2, 0.03, unitHeight, DEPTH), 0, metalShader)
  r.drawMesh(
    boxMesh(0, 0, 0.01, HALF_WIDTH * 2, unitHeight, 0.02),
    0,
    flatShader([frame[0] * 0.8, frame[1] * 0.8, frame[2] * 0.8], light, eye),
  )
  // The floor ends just in front of the camera: the rasterizer drops triangles reaching behind
  // the eye (it has no near-plane clipping), which would leave the nearest floor unpainted.
  const floorFar = -0.1
  const floorNear = eye[2] - 0.05
  r.drawMesh(
    boxMesh(0, -0.02, (floorFar + floorNear) / 2, 12, 0.02, floorNear - floorFar),
    0,
    flatShader([0.55, 0.55, 0.52], light, eye),
  )
  r.drawMesh(boxMesh(0, -0.1, -0.06, 12, 6, 0.02), 0, flatShader([0.82, 0.8, 0.76], light, eye))

  // Image with sensor noise; labels from the same buffers.
  const image = new Uint8Array(width * height * 3)
  for (let i = 0; i < image.length; i++) {
    // Sensor noise: triangular (sum of two 16-bit uniforms from one draw, variance 1/6, scaled to
    // the requested standard deviation), far cheaper than a Box-Muller normal per channel.
    let v = r.color[i]
    if (params.noise > 0) {
      const bits = rng.uint32()
      v += (((bits & 0xffff) + (bits >>> 16)) / 65536 - 1) * 2.449489742783178 * params.noise
    }
    image[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.floor(v * 255 + 0.5)
  }
  const depth = new Uint16Array(width * height)
  const bounds = new Map<number, number[]>()
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x
      const d = r.depth[k]
      depth[k] = d === Infinity ? 65535 : Math.min(65534, Math.floor(d * 1000 + 0.5))
      const id = r.ids[k]
      if (id === 0) continue
      const b = bounds.get(id)
      if (!b) bounds.set(id, [x, y, x + 1, y + 1, 1])
      else {
        if (x < b[0]) b[0] = x
        if (y < b[1]) b[1] = y
        if (x + 1 > b[2]) b[2] = x + 1
        if (y + 1 > b[3]) b[3] = y + 1
        b[4]++
      }
    }
  }
  const objects: JsonValue[] = []
  for (const p of products) {
    const b = bounds.get(p.id)
    if (!b) continue
    // fullBbox: where the whole product would be if nothing stood in front of it (amodal box);
    // visible pixels vs that box tell how occluded it is.
    const full = r.projectedBounds(p.mesh) ?? [b[0], b[1], b[2], b[3]]
    objects.push({ id: p.id, sku: p.sku.id, kind: p.sku.kind, bbox: [b[0], b[1], b[2], b[3]], fullBbox: full, pixels: b[4] })
  }
  return {
    image: { width, height, channels: 3, data: image },
    planes: {
      mask: { width, height, channels: 1, data: r.ids },
      depth: { width, height, channels: 1, data: depth },
    },
    label: { objects, skuCount: params.skuCount, placed: products.length },
  }
}

export default generate
