import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundleFromFiles } from '../bundle/loadBundle.ts'
import { createSandboxPool } from '../sandbox/createSandboxPool.ts'
import { bundleFiles, hostileModuleSource } from '../sandbox/fixtures/hostileGenerator.ts'
import { verifyShards } from './verifyShards.ts'
import { writeShards } from './writeShards.ts'

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'shards-test-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function shardsWith(workers: number, outDir: string) {
  const pool = await createSandboxPool({ bundle: await bundleFromFiles(bundleFiles(hostileModuleSource), 'fixture'), workers })
  try {
    return await writeShards({ pool, seed: 11, count: 23, shardSize: 10, outDir, start: 100 })
  } finally {
    await pool.close()
  }
}

describe('writeShards', () => {
  it('writes the same shard bytes and manifest whatever the worker count', async () => {
    const [a, b] = [tempDir(), tempDir()]
    const manifest = await shardsWith(2, a)
    await shardsWith(1, b)
    expect(readdirSync(a).sort()).toEqual(['manifest.json', 'shard-000000.tar', 'shard-000001.tar', 'shard-000002.tar'])
    for (const file of readdirSync(a)) expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true)
    expect(manifest.shards.map((s) => [s.first, s.count])).toEqual([
      [100, 10],
      [110, 10],
      [120, 3],
    ])
    expect(manifest).toMatchObject({
      format: 'webdataset-tar/1',
      seed: 11,
      start: 100,
      count: 23,
      shardSize: 10,
      params: { mode: 'ok' },
    })
    expect(manifest.generator.cid).toMatch(/^bafy/)
    expect(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'))).toEqual(manifest)
    // Pinned: the rng, the PNG encoder, the tar layout and the key scheme together. A change here
    // changes every dataset's hashes (a new shard format version, not a silent update).
    expect(manifest.shards[0].sha256).toMatchInlineSnapshot(`"13d9ad9d74e2e8db3924fe70bfdfc24737c5ed20591f4766918d2b0d0365f92e"`)
  })

  it('puts each sample under its global key, files sorted, label JSON verbatim', async () => {
    const dir = tempDir()
    await shardsWith(2, dir)
    const tar = readFileSync(join(dir, 'shard-000002.tar'))
    const names: string[] = []
    for (let offset = 0; offset < tar.length && tar[offset] !== 0; ) {
      const name = tar
        .subarray(offset, offset + 100)
        .toString()
        .replace(/\0.*$/s, '')
      const size = parseInt(tar.subarray(offset + 124, offset + 135).toString(), 8)
      names.push(name)
      if (name.endsWith('.json'))
        expect(JSON.parse(tar.subarray(offset + 512, offset + 512 + size).toString()).index).toBe(Number(name.slice(0, 8)))
      offset += 512 + Math.ceil(size / 512) * 512
    }
    expect(names).toEqual([
      '00000120.depth.png',
      '00000120.json',
      '00000120.png',
      '00000121.depth.png',
      '00000121.json',
      '00000121.png',
      '00000122.depth.png',
      '00000122.json',
      '00000122.png',
    ])
  })

  it('verifyShards finds a modified or missing shard', async () => {
    const dir = tempDir()
    await shardsWith(2, dir)
    expect(verifyShards(dir).ok).toBe(true)
    const file = join(dir, 'shard-000001.tar')
    const bytes = readFileSync(file)
    bytes[700] ^= 1
    writeFileSync(file, bytes)
    rmSync(join(dir, 'shard-000002.tar'))
    const { ok, checks } = verifyShards(dir)
    expect(ok).toBe(false)
    expect(checks[0]).toEqual({ file: 'shard-000000.tar', ok: true })
    expect(checks[1].problem).toMatch(/^sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$/)
    expect(checks[2]).toEqual({ file: 'shard-000002.tar', ok: false, problem: 'missing' })
    expect(() => verifyShards(tempDir())).toThrow('no manifest.json in')
  })
})
