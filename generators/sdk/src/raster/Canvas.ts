/**
 * A floating-point image that raster helpers draw into: `channels` interleaved values per pixel,
 * row-major, nominally in [0, 1]. Float32 keeps blending exact enough while halving memory; every
 * float operation involved is exactly rounded by IEEE-754, so results are the same everywhere.
 */
export interface Canvas {
  readonly width: number
  readonly height: number
  readonly channels: number
  readonly data: Float32Array
}

/** A colour: one value per channel in [0, 1], or a single number used for every channel. */
export type Color = number | readonly number[]

const MAX_SIDE = 16384

/** Creates a canvas filled with `background` (default 0 = black). */
export function createCanvas(width: number, height: number, channels = 1, background: Color = 0): Canvas {
  for (const [name, v, max] of [
    ['width', width, MAX_SIDE],
    ['height', height, MAX_SIDE],
    ['channels', channels, 4],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw new RangeError(`createCanvas: ${name} must be an integer in [1, ${max}], got ${String(v)}`)
  }
  const canvas: Canvas = { width, height, channels, data: new Float32Array(width * height * channels) }
  const color = resolveColor(background, channels)
  if (color.some((c) => c !== 0)) {
    const { data } = canvas
    for (let i = 0; i < data.length; i += channels) for (let c = 0; c < channels; c++) data[i + c] = color[c]
  }
  return canvas
}

/** Expands a colour to exactly `channels` values, with a clear error for a wrong length. */
export function resolveColor(color: Color, channels: number): number[] {
  if (typeof color === 'number') return new Array<number>(channels).fill(color)
  if (color.length !== channels) {
    throw new RangeError(`colour [${color.join(', ')}] has ${color.length} values but the canvas has ${channels} channels`)
  }
  return [...color]
}

/** A copy of the canvas with its own pixel buffer. */
export function cloneCanvas(canvas: Canvas): Canvas {
  return { width: canvas.width, height: canvas.height, channels: canvas.channels, data: new Float32Array(canvas.data) }
}
