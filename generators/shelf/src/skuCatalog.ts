import { createRng, type Rng } from '@neuromation/generator-sdk'

export type ProductKind = 'box' | 'can' | 'bottle'
export type Rgb = [number, number, number]

/** One stock-keeping unit: a product's shape and the design of its label. */
export interface Sku {
  id: number
  kind: ProductKind
  /** Width (or diameter), height, depth in metres. */
  width: number
  height: number
  depth: number
  base: Rgb
  accent: Rgb
  logo: Rgb
  /** Label band from v0 to v1 (fractions of the label height). */
  bandTop: number
  bandBottom: number
  pattern: 'plain' | 'stripes' | 'dots' | 'diagonal'
  patternScale: number
  logoU: number
  logoV: number
  logoRadius: number
  /** Rows of "text" bars under the logo. */
  textRows: number
  glossy: boolean
}

function hsv(h: number, s: number, v: number): Rgb {
  const i = Math.floor(h * 6) % 6
  const f = h * 6 - Math.floor(h * 6)
  const p = v * (1 - s)
  const q = v * (1 - f * s)
  const t = v * (1 - (1 - f) * s)
  return (
    [
      [v, t, p],
      [q, v, p],
      [p, v, t],
      [p, q, v],
      [t, p, v],
      [v, p, q],
    ] as Rgb[]
  )[i]
}

function makeSku(id: number, rng: Rng): Sku {
  const kind = rng.pick(['box', 'box', 'can', 'bottle'] as const)
  const hue = rng.float()
  const base = hsv(hue, rng.range(0.3, 0.95), rng.range(0.45, 0.95))
  const accent = hsv((hue + rng.range(0.25, 0.75)) % 1, rng.range(0.5, 1), rng.range(0.6, 1))
  const logo = rng.bool(0.5) ? hsv(rng.float(), rng.range(0.6, 1), rng.range(0.7, 1)) : ([0.97, 0.97, 0.95] as Rgb)
  let width: number
  let height: number
  let depth: number
  if (kind === 'box') {
    width = rng.range(0.08, 0.22)
    height = rng.range(0.12, 0.34)
    depth = rng.range(0.05, 0.2)
  } else if (kind === 'can') {
    width = rng.range(0.06, 0.11)
    height = rng.range(0.09, 0.19)
    depth = width
  } else {
    width = rng.range(0.06, 0.1)
    height = rng.range(0.22, 0.36)
    depth = width
  }
  const bandTop = rng.range(0.15, 0.45)
  return {
    id,
    kind,
    width,
    height,
    depth,
    base,
    accent,
    logo,
    bandTop,
    bandBottom: bandTop + rng.range(0.12, 0.35),
    pattern: rng.pick(['plain', 'stripes', 'dots', 'diagonal'] as const),
    patternScale: rng.range(6, 20),
    logoU: rng.range(0.3, 0.7),
    logoV: rng.range(0.2, 0.6),
    logoRadius: rng.range(0.08, 0.2),
    textRows: rng.int(0, 3),
    glossy: kind !== 'box' || rng.bool(0.2),
  }
}

/**
 * The SKU catalogue: the same `catalogSeed` gives the same products in every sample (a class
 * must look alike across a dataset), independent of the dataset seed.
 */
export function skuCatalog(catalogSeed: number, count: number): Sku[] {
  return Array.from({ length: count }, (_, id) => makeSku(id, createRng(catalogSeed, id, 'sku')))
}
