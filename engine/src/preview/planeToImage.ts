import type { GeneratedSample } from '../sandbox/GeneratedSample.ts'

/**
 * An RGB picture of a sample's extra plane for previews: a plane named like a mask (ids) gets a
 * distinct colour per value (0 stays black); any other plane (depth, ...) is stretched from its
 * minimum to its maximum as gray, near = bright, with the 16-bit "no data" value 65535 black.
 */
export function planeToImage(sample: GeneratedSample, name: string): GeneratedSample['image'] {
  const plane = sample.planes.find(([n]) => n === name)?.[1]
  if (!plane) {
    const names = sample.planes.map(([n]) => n)
    throw new Error(`sample ${sample.index} has no plane "${name}"; its planes: ${names.length ? names.join(', ') : 'none'}`)
  }
  const { width, height, channels, data } = plane
  const out = new Uint8Array(width * height * 3)
  if (/mask|id|instance|segment/i.test(name)) {
    for (let i = 0; i < width * height; i++) {
      const id = data[i * channels]
      if (id === 0) continue
      // A fixed hash spreads consecutive ids over clearly different colours.
      const h = Math.imul(id, 0x9e3779b1) >>> 0
      out[3 * i] = 64 + (h & 127)
      out[3 * i + 1] = 64 + ((h >>> 8) & 127)
      out[3 * i + 2] = 64 + ((h >>> 16) & 127)
    }
  } else {
    const noData = plane.bits === 16 ? 65535 : -1
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < width * height; i++) {
      const v = data[i * channels]
      if (v === noData) continue
      if (v < min) min = v
      if (v > max) max = v
    }
    const span = Math.max(1, max - min)
    for (let i = 0; i < width * height; i++) {
      if (data[i * channels] === noData) continue
      const g = 255 - Math.round(((data[i * channels] - min) / span) * 255)
      out[3 * i] = g
      out[3 * i + 1] = g
      out[3 * i + 2] = g
    }
  }
  return { width, height, channels: 3, bits: 8, data: out }
}
