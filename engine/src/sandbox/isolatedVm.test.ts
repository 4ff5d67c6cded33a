import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isolatedVmCandidates, loadIsolatedVm } from './isolatedVm.ts'

describe('loadIsolatedVm', () => {
  it('tries the release built for this Node first', () => {
    expect(isolatedVmCandidates('20.19.0')).toEqual(['isolated-vm', 'isolated-vm-7'])
    expect(isolatedVmCandidates('22.22.2')).toEqual(['isolated-vm', 'isolated-vm-7'])
    expect(isolatedVmCandidates('24.15.0')).toEqual(['isolated-vm-7', 'isolated-vm'])
    expect(isolatedVmCandidates('26.0.0')).toEqual(['isolated-vm-7', 'isolated-vm'])
  })

  it('loads the one npm install built here, and it runs code', () => {
    const ivm = loadIsolatedVm(fileURLToPath(import.meta.url))
    const isolate = new ivm.Isolate({ memoryLimit: 8 })
    expect(isolate.isDisposed).toBe(false)
    isolate.dispose()
  })

  it('says what to do when neither is installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuro-no-ivm-'))
    try {
      expect(() => loadIsolatedVm(join(dir, 'entry.js'))).toThrow(
        new RegExp(
          `^The generator sandbox needs isolated-vm, and none is built for Node ${process.version} \\(isolated-vm(-7)?: Cannot find module .*\\)\\. .*python3, make and g\\+\\+.*npm rebuild isolated-vm isolated-vm-7`,
        ),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
