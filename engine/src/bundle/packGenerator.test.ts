import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBundle } from './loadBundle.ts'
import { packGenerator } from './packGenerator.ts'

const shelfDir = fileURLToPath(new URL('../../../generators/shelf', import.meta.url))
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

// A generator written outside the repository, as a user would: generator.json + src/generator.ts.
function userGenerator(
  source: string,
  manifest: object = {
    name: 'mine',
    version: '0.1.0',
    description: 'x',
    params: { type: 'object', properties: {} },
    output: { image: { width: 2, height: 2, channels: 1 }, label: {} },
    computeUnitsPerSample: 1,
  },
): string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'generator.json'), JSON.stringify(manifest))
  writeFileSync(join(dir, 'src', 'generator.ts'), source)
  return dir
}

describe('packGenerator', () => {
  it('bundles source + SDK into one module with a stable CID, and the packed directory loads to the same CID', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pack-'))
    dirs.push(out)
    const a = await packGenerator(shelfDir, { outDir: out })
    const b = await packGenerator(shelfDir)
    expect(b.cid).toBe(a.cid)
    expect(a.moduleSource).not.toMatch(/^import /m)
    const written = JSON.parse(readFileSync(join(out, 'generator.json'), 'utf8'))
    expect(written).toMatchObject({ name: 'shelf', module: 'generator.js', moduleSha256: a.moduleSha256 })
    const loaded = await loadBundle(out, { cid: a.cid, sha256: a.moduleSha256 })
    expect(loaded.cid).toBe(a.cid)
    // Editing the packed module is caught by the hash recorded in generator.json.
    writeFileSync(join(out, 'generator.js'), `${a.moduleSource}\n// edited`)
    await expect(loadBundle(out)).rejects.toThrow(
      /^CidMismatch: generator.js in .* has sha256 [0-9a-f]{64} but generator.json records/,
    )
  })

  it('packs a generator outside the repository against the engine SDK', async () => {
    const dir = userGenerator(`import { createCanvas, toImage } from '@neuromation/generator-sdk'
export default () => ({ image: toImage(createCanvas(2, 2, 1, 0.5)), label: 1 })`)
    const bundle = await packGenerator(dir)
    expect(bundle.moduleSource).toContain('createCanvas')
  })

  it('refuses imports other than the SDK, broken sources and missing files, saying what to do', async () => {
    await expect(
      packGenerator(userGenerator(`import { readFileSync } from 'node:fs'\nexport default () => readFileSync`)),
    ).rejects.toThrow('generators may import only @neuromation/generator-sdk and their own files, not "node:fs"')
    await expect(packGenerator(userGenerator('export default (() => {'))).rejects.toThrow(
      /^BadBundle: the generator source does not build: .*generator\.ts:\d+/,
    )
    const noSource = userGenerator('')
    rmSync(join(noSource, 'src'), { recursive: true })
    await expect(packGenerator(noSource)).rejects.toThrow('no generator source in')
    rmSync(join(noSource, 'generator.json'))
    await expect(packGenerator(noSource)).rejects.toThrow('no generator.json in')
    await expect(loadBundle(join(noSource, 'nope'))).rejects.toThrow('is not a directory')
  })
})
