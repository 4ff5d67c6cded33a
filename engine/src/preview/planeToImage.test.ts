import { describe, expect, it } from 'vitest'
import type { GeneratedSample } from '../sandbox/GeneratedSample.ts'
import { planeToImage } from './planeToImage.ts'

const sample: GeneratedSample = {
  index: 3,
  image: { width: 3, height: 1, channels: 1, bits: 8, data: new Uint8Array(3) },
  planes: [
    ['depth', { width: 3, height: 1, channels: 1, bits: 16, data: new Uint16Array([1000, 3000, 65535]) }],
    ['mask', { width: 3, height: 1, channels: 1, bits: 16, data: new Uint16Array([0, 1, 2]) }],
  ],
  label: '{}',
}

describe('planeToImage', () => {
  it('colours mask ids distinctly with 0 black', () => {
    const { data } = planeToImage(sample, 'mask')
    expect(Array.from(data.slice(0, 3))).toEqual([0, 0, 0])
    expect(Array.from(data.slice(3, 6))).not.toEqual(Array.from(data.slice(6, 9)))
  })

  it('shows depth as gray, near bright, and the 16-bit no-data value black', () => {
    const { data, channels } = planeToImage(sample, 'depth')
    expect(channels).toBe(3)
    expect(Array.from(data)).toEqual([255, 255, 255, 0, 0, 0, 0, 0, 0])
  })

  it('names the planes a sample has when asked for another', () => {
    expect(() => planeToImage(sample, 'normals')).toThrow('sample 3 has no plane "normals"; its planes: depth, mask')
  })
})
