import { describe, expect, it } from 'vitest'
import { parseRange } from './parseRange'

describe('parseRange', () => {
  it('reads the three forms of one byte range, clamped to the body', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 })
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 })
  })

  it('serves the whole body for what it may ignore, and 416 for ranges past the end', () => {
    expect(parseRange(undefined, 1000)).toBeUndefined()
    expect(parseRange('items=0-1', 1000)).toBeUndefined()
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined()
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable')
  })

  it('calls a bytes range that is no range malformed (400), even among several', () => {
    for (const header of ['bytes=9-3', 'bytes=-', 'bytes=abc', 'bytes=1-2-3', 'bytes=0x10-', 'bytes 0-1', '=0-1', 'bytes=0-1,x'])
      expect(parseRange(header, 1000), header).toBe('malformed')
  })
})
