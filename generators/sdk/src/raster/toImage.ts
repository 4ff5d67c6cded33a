import type { SampleImage } from '../types.ts'
import type { Canvas } from './Canvas.ts'

/**
 * Quantizes a float canvas to the 8-bit image of a sample: clamp to [0, 1], scale by 255 and
 * round half up. Math.floor and the float products are exact operations, so the bytes are the
 * same on every engine.
 */
export function toImage(canvas: Canvas): SampleImage {
  const { width, height, channels, data: src } = canvas
  const data = new Uint8Array(src.length)
  for (let i = 0; i < src.length; i++) {
    const v = src[i]
    // NaN maps to 0 rather than poisoning the output.
    data[i] = v > 0 ? (v >= 1 ? 255 : Math.floor(v * 255 + 0.5)) : 0
  }
  return { width, height, channels, data }
}
