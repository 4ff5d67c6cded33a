import { blurPlane } from './blurPlane.ts'
import { type Canvas, cloneCanvas } from './Canvas.ts'

/** A blurred copy of the canvas (Gaussian, standard deviation `sigma` pixels, edges clamped). */
export function gaussianBlur(canvas: Canvas, sigma: number): Canvas {
  const out = cloneCanvas(canvas)
  blurPlane(out.data, out.width, out.height, out.channels, sigma)
  return out
}
