import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeTar } from './writeTar.ts'

const enc = new TextEncoder()

describe('writeTar', () => {
  const entries = [
    { name: '00000000.json', data: enc.encode('{"a":1}') },
    { name: '00000000.png', data: new Uint8Array(600).fill(7) },
    { name: '00000001.json', data: new Uint8Array(0) },
  ]

  it('writes fixed headers: mode 0644, uid/gid 0, mtime 0, no names, 512-byte blocks and two end blocks', () => {
    const tar = writeTar(entries)
    expect(tar.length).toBe(512 + 512 + 512 + 1024 + 512 + 1024)
    const header = tar.subarray(0, 512)
    const field = (o: number, n: number) => new TextDecoder().decode(header.subarray(o, o + n)).replace(/\0.*$/s, '')
    expect(field(0, 100)).toBe('00000000.json')
    expect(field(100, 8)).toBe('0000644')
    expect(field(108, 8)).toBe('0000000')
    expect(field(124, 12)).toBe('00000000007')
    expect(field(136, 12)).toBe('00000000000')
    expect(field(257, 6)).toBe('ustar')
    expect(field(265, 32)).toBe('')
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]
    expect(parseInt(field(148, 7), 8)).toBe(sum)
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true)
    expect(Buffer.from(writeTar(entries)).equals(Buffer.from(tar))).toBe(true)
  })

  it('is read back by the system tar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-test-'))
    try {
      writeFileSync(join(dir, 'x.tar'), writeTar(entries))
      const listing = execFileSync('tar', ['-tvf', join(dir, 'x.tar')], { encoding: 'utf8' })
      expect(listing).toMatch(/-rw-r--r-- 0\/0 +7 1970-01-01 00:00 00000000\.json/)
      execFileSync('tar', ['-xf', join(dir, 'x.tar'), '-C', dir])
      expect(readFileSync(join(dir, '00000000.png'))).toEqual(Buffer.from(entries[1].data))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses names that do not fit a ustar header', () => {
    expect(() => writeTar([{ name: 'x'.repeat(101), data: new Uint8Array(0) }])).toThrow('must be 1 to 100 bytes')
  })
})
