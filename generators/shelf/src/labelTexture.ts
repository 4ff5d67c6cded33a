import type { Rgb, Sku } from './skuCatalog.ts'

/**
 * The printed label of a SKU at label coordinates (u, v) in [0, 1]^2 (v down): base colour
 * with a pattern, an accent band, a round logo and rows of "text" bars. Pure comparisons and
 * arithmetic, so every pixel is reproducible.
 */
export function labelTexture(sku: Sku, u: number, v: number, out: Float64Array): void {
  let c: Rgb = sku.base
  const s = sku.patternScale
  if (sku.pattern === 'stripes' && Math.floor(u * s) % 2 === 0) c = mix(c, sku.accent, 0.25)
  else if (sku.pattern === 'diagonal' && Math.floor((u + v) * s) % 2 === 0) c = mix(c, [1, 1, 1], 0.18)
  else if (sku.pattern === 'dots') {
    const fu = u * s - Math.floor(u * s) - 0.5
    const fv = v * s - Math.floor(v * s) - 0.5
    if (fu * fu + fv * fv < 0.08) c = mix(c, sku.accent, 0.4)
  }
  if (v >= sku.bandTop && v <= sku.bandBottom) c = sku.accent
  const du = (u - sku.logoU) * 1.6
  const dv = v - sku.logoV
  const r2 = du * du + dv * dv
  if (r2 < sku.logoRadius * sku.logoRadius) c = sku.logo
  else if (r2 < sku.logoRadius * sku.logoRadius * 1.3) c = [0.1, 0.1, 0.12]
  // "Text": short dark bars below the logo.
  for (let row = 0; row < sku.textRows; row++) {
    const top = sku.logoV + sku.logoRadius + 0.06 + row * 0.07
    if (v >= top && v <= top + 0.03 && u > 0.2 && u < 0.8) {
      const word = Math.floor(u * 23 + row * 7) % 5
      if (word !== 0) c = [0.08, 0.08, 0.1]
    }
  }
  out[0] = c[0]
  out[1] = c[1]
  out[2] = c[2]
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}
