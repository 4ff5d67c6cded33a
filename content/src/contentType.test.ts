import { describe, expect, it } from 'vitest'
import { contentTypeByName, contentTypeBySniffing } from './contentType'

describe('content types', () => {
  it('goes by extension when the name has a known one', () => {
    expect(contentTypeByName('000000.tar')).toBe('application/x-tar')
    expect(contentTypeByName('sample.depth.PNG')).toBe('image/png')
    expect(contentTypeByName('generator.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeByName('README')).toBeUndefined()
    expect(contentTypeByName('.hidden')).toBeUndefined()
  })

  it('sniffs a bare CID by its first bytes', () => {
    const tar = new Uint8Array(512)
    tar.set(new TextEncoder().encode('ustar'), 257)
    tar.set(new TextEncoder().encode('000000.png'), 0)
    expect(contentTypeBySniffing(tar)).toBe('application/x-tar')
    expect(contentTypeBySniffing(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(contentTypeBySniffing(new TextEncoder().encode(' {"a": 1}'))).toBe('application/json')
    expect(contentTypeBySniffing(new TextEncoder().encode('hello world\n'))).toBe('text/plain; charset=utf-8')
    expect(contentTypeBySniffing(Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 1, 2, 3]))).toBe('application/octet-stream')
    expect(contentTypeBySniffing(new Uint8Array(0))).toBe('application/octet-stream')
  })
})
