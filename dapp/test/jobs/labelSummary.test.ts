import { describe, expect, it } from 'vitest'
import { labelSummary } from '../../src/jobs/labelSummary'
import { pngSize } from '../../src/jobs/SampleCanvas'

// Labels and images come from executors' shards: anything at all.
describe('labelSummary', () => {
  it('summarizes classes and object lists, and cuts the rest short', () => {
    expect(labelSummary({ class: 7 })).toBe('class 7')
    expect(labelSummary({ objects: [{}, {}] })).toBe('2 objects')
    for (const long of [labelSummary({ class: 'x'.repeat(500) }), labelSummary({ note: 'y'.repeat(500) })]) {
      expect(long.length).toBeLessThanOrEqual(60)
      expect(long.endsWith('…')).toBe(true)
    }
    expect(labelSummary(undefined)).toBe('undefined')
  })

  it('never throws, even on a label nested too deep to stringify (it took the whole job page down)', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)
    expect(labelSummary(deep)).toBe('(a label too deeply nested to show)')
  })
})

describe('pngSize', () => {
  it("reads the size a PNG's header declares, before anything decodes it", () => {
    const png = new Uint8Array(24)
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    new DataView(png.buffer).setUint32(16, 16_384)
    new DataView(png.buffer).setUint32(20, 16_384)
    expect(pngSize(png)).toEqual({ width: 16_384, height: 16_384 })
    expect(pngSize(new TextEncoder().encode('GIF89a not a png at all...'))).toBeUndefined()
  })
})
