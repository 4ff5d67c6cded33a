import { zlibSync } from 'fflate'
import { crc32 } from './crc32.ts'

/** Pixels to encode: 8-bit (Uint8Array) or 16-bit (Uint16Array) values, channels interleaved. */
export interface PngPixels {
  width: number
  height: number
  channels: number
  data: Uint8Array | Uint16Array
}

// PNG colour types by channel count: gray, gray+alpha, RGB, RGBA.
const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 }
const SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
// Fixed deflate level: part of the shard format (changing it changes every shard hash).
const DEFLATE_LEVEL = 6

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, body.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(body, 8)
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)))
  return out
}

/**
 * Deterministic PNG: IHDR + one IDAT + IEND, no ancillary chunks (no time, no gamma), every row
 * filtered with the Sub filter, compressed by fflate's pure-JS deflate at a fixed level. A
 * pure-JS compressor rather than node:zlib because deflate output is not specified, only its
 * decoding: it changes with the zlib build, and Node's bundled zlib (Chromium's fork) has
 * CPU-specific code paths, so node:zlib output can differ between Node versions or machines.
 * fflate's output depends only on its (pinned) version, in Node and in the browser alike.
 */
export function encodePng(pixels: PngPixels): Uint8Array {
  const { width, height, channels, data } = pixels
  const colorType = COLOR_TYPE[channels]
  if (colorType === undefined) throw new RangeError(`encodePng: channels must be 1, 2, 3 or 4, got ${channels}`)
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng: width and height must be positive integers, got ${width}x${height}`)
  }
  const bitDepth = data instanceof Uint16Array ? 16 : 8
  const bytesPerSample = bitDepth / 8
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: ${width}x${height}x${channels} needs ${width * height * channels} values, got ${data.length}`,
    )
  }
  const bpp = channels * bytesPerSample
  const stride = width * bpp
  const raw = new Uint8Array((stride + 1) * height)
  const row = new Uint8Array(stride)
  for (let y = 0; y < height; y++) {
    // Big-endian samples, as PNG requires for 16-bit.
    if (bitDepth === 8) row.set((data as Uint8Array).subarray(y * width * channels, (y + 1) * width * channels))
    else {
      const base = y * width * channels
      for (let i = 0; i < width * channels; i++) {
        const v = data[base + i]
        row[2 * i] = v >>> 8
        row[2 * i + 1] = v & 0xff
      }
    }
    const o = y * (stride + 1)
    raw[o] = 1 // filter type Sub
    for (let i = 0; i < stride; i++) raw[o + 1 + i] = (row[i] - (i >= bpp ? row[i - bpp] : 0)) & 0xff
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  ihdr[8] = bitDepth
  ihdr[9] = colorType
  // compression 0, filter method 0, interlace 0
  const idat = zlibSync(raw, { level: DEFLATE_LEVEL, mem: 8 })
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
