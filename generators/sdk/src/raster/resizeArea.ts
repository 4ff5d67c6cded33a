import { type Canvas, createCanvas } from './Canvas.ts'

/**
 * Resizes with exact area averaging (each output pixel = mean of the source area it covers):
 * the anti-aliased downscale MNIST-style preprocessing needs, and a plain box upscale.
 */
export function resizeArea(canvas: Canvas, width: number, height: number): Canvas {
  const out = createCanvas(width, height, canvas.channels)
  const { channels } = canvas
  const sx = canvas.width / width
  const sy = canvas.height / height
  const acc = new Float64Array(channels)
  for (let oy = 0; oy < height; oy++) {
    const ya = oy * sy
    const yb = ya + sy
    for (let ox = 0; ox < width; ox++) {
      const xa = ox * sx
      const xb = xa + sx
      acc.fill(0)
      for (let iy = Math.floor(ya); iy < Math.min(canvas.height, Math.ceil(yb)); iy++) {
        const wy = Math.min(yb, iy + 1) - Math.max(ya, iy)
        if (wy <= 0) continue
        for (let ix = Math.floor(xa); ix < Math.min(canvas.width, Math.ceil(xb)); ix++) {
          const wxy = (Math.min(xb, ix + 1) - Math.max(xa, ix)) * wy
          if (wxy <= 0) continue
          const base = (iy * canvas.width + ix) * channels
          for (let c = 0; c < channels; c++) acc[c] += canvas.data[base + c] * wxy
        }
      }
      const base = (oy * width + ox) * channels
      for (let c = 0; c < channels; c++) out.data[base + c] = acc[c] / (sx * sy)
    }
  }
  return out
}
