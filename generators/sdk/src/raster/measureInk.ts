import type { Canvas } from './Canvas.ts'

export interface InkMeasure {
  /** Sum of the channel-0 values. */
  total: number
  /** Centre of mass of channel 0 in pixel coordinates (centres at +0.5); the centre if empty. */
  centerX: number
  centerY: number
  /** Tight bounds [x0, y0, x1, y1) of pixels whose channel 0 exceeds `threshold`; null if none. */
  bounds: [number, number, number, number] | null
}

/** Mass, centre of mass and bounding box of channel 0, e.g. for MNIST-style centring. */
export function measureInk(canvas: Canvas, threshold = 0): InkMeasure {
  const { width, height, channels, data } = canvas
  let total = 0
  let mx = 0
  let my = 0
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[(y * width + x) * channels]
      if (v <= threshold) continue
      total += v
      mx += v * (x + 0.5)
      my += v * (y + 0.5)
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  if (x1 < 0) return { total: 0, centerX: width / 2, centerY: height / 2, bounds: null }
  return { total, centerX: mx / total, centerY: my / total, bounds: [x0, y0, x1 + 1, y1 + 1] }
}
