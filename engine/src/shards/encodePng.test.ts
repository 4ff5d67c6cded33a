import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32 } from './crc32.ts'
import { encodePng } from './encodePng.ts'

// A small independent PNG reader: chunk CRCs, IHDR, inflate, Sub-filter reversal.
function decodePng(png: Uint8Array): {
  width: number
  height: number
  bitDepth: number
  colorType: number
  raw: Uint8Array
  chunks: string[]
} {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10])
  let offset = 8
  const chunks: string[] = []
  const idat: Uint8Array[] = []
  let header = { width: 0, height: 0, bitDepth: 0, colorType: 0 }
  while (offset < png.length) {
    const length = view.getUint32(offset)
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8))
    const body = png.subarray(offset + 8, offset + 8 + length)
    expect(view.getUint32(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)))
    chunks.push(type)
    if (type === 'IHDR')
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), bitDepth: body[8], colorType: body[9] }
    if (type === 'IDAT') idat.push(body)
    offset += 12 + length
  }
  const data = inflateSync(Buffer.concat(idat))
  const channels = { 0: 1, 4: 2, 2: 3, 6: 4 }[header.colorType]!
  const bpp = (channels * header.bitDepth) / 8
  const stride = header.width * bpp
  const raw = new Uint8Array(stride * header.height)
  for (let y = 0; y < header.height; y++) {
    expect(data[y * (stride + 1)]).toBe(1)
    for (let i = 0; i < stride; i++) {
      raw[y * stride + i] = (data[y * (stride + 1) + 1 + i] + (i >= bpp ? raw[y * stride + i - bpp] : 0)) & 0xff
    }
  }
  return { ...header, raw, chunks }
}

describe('encodePng', () => {
  it('round-trips 8-bit gray, RGB and RGBA pixels through an independent decoder', () => {
    for (const channels of [1, 2, 3, 4]) {
      const data = new Uint8Array(7 * 5 * channels).map((_, i) => (i * 37) & 255)
      const png = decodePng(encodePng({ width: 7, height: 5, channels, data }))
      expect(png).toMatchObject({ width: 7, height: 5, bitDepth: 8, colorType: { 1: 0, 2: 4, 3: 2, 4: 6 }[channels] })
      expect(png.chunks).toEqual(['IHDR', 'IDAT', 'IEND'])
      expect(Array.from(png.raw)).toEqual(Array.from(data))
    }
  })

  it('writes 16-bit planes big-endian', () => {
    const data = new Uint16Array([0, 1, 256, 65535, 4660, 300])
    const png = decodePng(encodePng({ width: 3, height: 2, channels: 1, data }))
    expect(png.bitDepth).toBe(16)
    expect(Array.from(png.raw)).toEqual([0, 0, 0, 1, 1, 0, 255, 255, 0x12, 0x34, 1, 44])
  })

  it('is deterministic and pinned: the bytes are part of the shard format', () => {
    const data = new Uint8Array(16 * 16 * 3).map((_, i) => (i * i) & 255)
    const a = encodePng({ width: 16, height: 16, channels: 3, data })
    expect(Buffer.from(a).equals(Buffer.from(encodePng({ width: 16, height: 16, channels: 3, data })))).toBe(true)
    expect(crc32(a).toString(16)).toMatchInlineSnapshot(`"915de880"`)
  })

  it('rejects bad shapes with the fix in the message', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 5, data: new Uint8Array(20) })).toThrow(
      'channels must be 1, 2, 3 or 4, got 5',
    )
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow('2x2x1 needs 4 values, got 3')
  })
})
