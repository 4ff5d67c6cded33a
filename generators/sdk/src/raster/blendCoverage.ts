import type { Canvas } from './Canvas.ts'

/**
 * Composites `color` over the canvas through a coverage mask covering the rectangle
 * (x0, y0, w, h): dst = dst * (1 - a) + color * a with a = coverage * opacity (clamped to 1).
 * Shared by every drawing primitive so they all blend the same way.
 */
export function blendCoverage(
  canvas: Canvas,
  coverage: Float32Array,
  x0: number,
  y0: number,
  w: number,
  h: number,
  color: readonly number[],
  opacity: number,
): void {
  const { width, channels, data } = canvas
  for (let y = 0; y < h; y++) {
    const row = (y0 + y) * width
    for (let x = 0; x < w; x++) {
      let a = coverage[y * w + x]
      if (a <= 0) continue
      a = a >= 1 ? opacity : a * opacity
      const base = (row + x0 + x) * channels
      for (let c = 0; c < channels; c++) data[base + c] = data[base + c] * (1 - a) + color[c] * a
    }
  }
}
