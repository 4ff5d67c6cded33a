import { drawText } from '../preview/tinyFont.ts'
import { encodePng } from '../shards/encodePng.ts'

export interface Misclassified {
  /** 28x28 (or side x side) pixels in [0, 1]. */
  pixels: Float32Array
  truth: number
  predicted: number
  /** Index in the test set, drawn for reference. */
  index: number
}

const SCALE = 3
const BAND = 16

/**
 * A PNG grid of misclassified digits: each cell the digit (3x, white on black) with
 * "<truth>><predicted>" in green/red and its test-set index underneath.
 */
export function renderMisclassified(items: readonly Misclassified[], side = 28, columns = 20): Uint8Array {
  const cellW = side * SCALE
  const cellH = side * SCALE + BAND
  const cols = Math.max(1, Math.min(columns, items.length))
  const rows = Math.max(1, Math.ceil(items.length / cols))
  const width = cols * (cellW + 2)
  const height = rows * (cellH + 2)
  const image = new Uint8Array(width * height * 3).fill(40)
  items.forEach((item, n) => {
    const x0 = (n % cols) * (cellW + 2)
    const y0 = Math.floor(n / cols) * (cellH + 2)
    for (let y = 0; y < side * SCALE; y++) {
      for (let x = 0; x < cellW; x++) {
        const v = Math.round(255 * Math.min(1, Math.max(0, item.pixels[Math.floor(y / SCALE) * side + Math.floor(x / SCALE)])))
        const k = ((y0 + y) * width + x0 + x) * 3
        image[k] = v
        image[k + 1] = v
        image[k + 2] = v
      }
    }
    drawText(image, width, height, x0 + 1, y0 + side * SCALE + 1, String(item.truth), [80, 220, 80], 2)
    drawText(image, width, height, x0 + 13, y0 + side * SCALE + 1, String(item.predicted), [240, 80, 80], 2)
    drawText(image, width, height, x0 + 31, y0 + side * SCALE + 3, String(item.index), [160, 160, 160], 1)
  })
  return encodePng({ width, height, channels: 3, data: image })
}
