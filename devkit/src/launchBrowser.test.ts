import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findBrowser } from './launchBrowser'
import { PlatformError } from './PlatformError'

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, with offline headless flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devkit-browser-'))
    try {
      const fake = join(dir, 'chromium')
      writeFileSync(fake, '')
      const source = await findBrowser({ CHROMIUM_PATH: fake })
      expect(source).toMatchObject({ kind: 'system', executablePath: fake })
      expect(source.args).toEqual(expect.arrayContaining(['--headless', '--no-sandbox', '--disable-background-networking']))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('explains a CHROMIUM_PATH that does not exist', async () => {
    const error = await findBrowser({ CHROMIUM_PATH: '/nonexistent/chromium' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect((error as PlatformError).message).toMatch(/CHROMIUM_PATH=\/nonexistent\/chromium does not exist[\s\S]*unset it to use the Chromium from @sparticuz\/chromium/)
  })

  it('without one, uses a system Chromium or the one inside @sparticuz/chromium, never its test-weakening flags', async () => {
    const source = await findBrowser({})
    if (source.kind === 'npm') expect(source.executablePath).toMatch(/chromium/)
    for (const flag of ['--disable-web-security', '--single-process', '--allow-running-insecure-content']) expect(source.args).not.toContain(flag)
  })
})
