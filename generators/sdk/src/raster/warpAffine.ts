import { type Affine, affine } from './affine.ts'
import { type Canvas, createCanvas } from './Canvas.ts'
import { sampleBilinear } from './sampleBilinear.ts'

export interface WarpOptions {
  /** Output size (default: the input's). */
  width?: number
  height?: number
  /** Value for pixels that map outside the source (default 0). */
  fill?: number
}

/**
 * Returns a new canvas showing `canvas` moved by the affine map `m` (source -> destination
 * coordinates): each destination pixel centre is mapped back through the inverse and sampled
 * bilinearly.
 */
export function warpAffine(canvas: Canvas, m: Affine, options: WarpOptions = {}): Canvas {
  const out = createCanvas(options.width ?? canvas.width, options.height ?? canvas.height, canvas.channels)
  const inv = affine.invert(m)
  const fill = options.fill ?? 0
  const { channels, data } = out
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const cx = x + 0.5
      const cy = y + 0.5
      const sx = inv[0] * cx + inv[1] * cy + inv[2]
      const sy = inv[3] * cx + inv[4] * cy + inv[5]
      const base = (y * out.width + x) * channels
      for (let c = 0; c < channels; c++) data[base + c] = sampleBilinear(canvas, sx, sy, c, fill)
    }
  }
  return out
}
