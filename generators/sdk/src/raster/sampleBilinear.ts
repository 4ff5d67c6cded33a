import type { Canvas } from './Canvas.ts'

/**
 * Bilinear sample of channel `c` at continuous position (x, y) (pixel centres at +0.5); outside
 * the canvas the value is `fill`, blended smoothly at the border.
 */
export function sampleBilinear(canvas: Canvas, x: number, y: number, c: number, fill = 0): number {
  const { width, height, channels, data } = canvas
  const fx = x - 0.5
  const fy = y - 0.5
  const ix = Math.floor(fx)
  const iy = Math.floor(fy)
  const tx = fx - ix
  const ty = fy - iy
  const at = (px: number, py: number): number =>
    px < 0 || py < 0 || px >= width || py >= height ? fill : data[(py * width + px) * channels + c]
  const top = at(ix, iy) * (1 - tx) + at(ix + 1, iy) * tx
  const bottom = at(ix, iy + 1) * (1 - tx) + at(ix + 1, iy + 1) * tx
  return top * (1 - ty) + bottom * ty
}
