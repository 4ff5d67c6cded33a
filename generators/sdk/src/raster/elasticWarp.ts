import type { Rng } from '../createRng.ts'
import { blurPlane } from './blurPlane.ts'
import { type Canvas, createCanvas } from './Canvas.ts'
import { sampleBilinear } from './sampleBilinear.ts'

export interface ElasticOptions {
  /** Displacement strength in pixels (Simard et al. use 34 on 28x28 with sigma 4). */
  alpha: number
  /** Smoothness of the displacement field: Gaussian sigma in pixels. */
  sigma: number
  fill?: number
}

/**
 * Elastic distortion (Simard, Steinkraus & Platt 2003): a random displacement field, uniform in
 * [-1, 1] per pixel, smoothed by a Gaussian of `sigma`, scaled by `alpha`; every pixel is
 * resampled bilinearly from its displaced position. Randomness comes only from `rng`.
 */
export function elasticWarp(canvas: Canvas, rng: Rng, options: ElasticOptions): Canvas {
  const { width, height, channels } = canvas
  if (!(options.alpha >= 0) || !Number.isFinite(options.alpha))
    throw new RangeError(`elasticWarp: alpha must be >= 0, got ${options.alpha}`)
  const dx = new Float64Array(width * height)
  const dy = new Float64Array(width * height)
  for (let i = 0; i < dx.length; i++) dx[i] = rng.float() * 2 - 1
  for (let i = 0; i < dy.length; i++) dy[i] = rng.float() * 2 - 1
  blurPlane(dx, width, height, 1, options.sigma)
  blurPlane(dy, width, height, 1, options.sigma)
  const out = createCanvas(width, height, channels)
  const fill = options.fill ?? 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const sx = x + 0.5 + options.alpha * dx[i]
      const sy = y + 0.5 + options.alpha * dy[i]
      for (let c = 0; c < channels; c++) out.data[i * channels + c] = sampleBilinear(canvas, sx, sy, c, fill)
    }
  }
  return out
}
