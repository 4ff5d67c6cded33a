import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBundle } from '../bundle/loadBundle.ts'
import { createSandboxPool, type SandboxPool } from '../sandbox/createSandboxPool.ts'
import type { GeneratedSample, RawRaster } from '../sandbox/GeneratedSample.ts'
import { writeShards } from './writeShards.ts'

const SCRIPT = fileURLToPath(new URL('../../interop/read_shards.py', import.meta.url))
const SHELF = fileURLToPath(new URL('../../../generators/shelf', import.meta.url))
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const hasPython = spawnSync(PYTHON, ['--version']).status === 0
const hasTorch = hasPython && spawnSync(PYTHON, ['-c', 'import torch']).status === 0

// sha256 of the pixel bytes as a PNG stores them (16-bit values big-endian).
function rawSha256(r: RawRaster): string {
  const bytes = r.bits === 16 ? Buffer.alloc(r.data.length * 2) : Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength)
  if (r.bits === 16) for (let i = 0; i < r.data.length; i++) bytes.writeUInt16BE(r.data[i], 2 * i)
  return createHash('sha256').update(bytes).digest('hex')
}

interface PythonSummary {
  path: string
  samples: number
  keys: string[]
  shapes: Record<string, number[]>
  rawSha256: Record<string, string>[]
  labels: unknown[]
}

// Importing torch alone takes seconds of CPU, and other test files share the cores.
describe.skipIf(!hasPython)('read_shards.py (PyTorch / WebDataset interop)', { timeout: 180_000 }, () => {
  let dir: string
  let pool: SandboxPool
  const params = { width: 64, height: 48, maxProducts: 30 }
  const samples: GeneratedSample[] = []
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'interop-'))
    pool = await createSandboxPool({ bundle: await loadBundle(SHELF), workers: 2 })
    await writeShards({ pool, params, seed: 4, count: 5, shardSize: 2, outDir: dir })
    for await (const s of pool.generate({ params, seed: 4, start: 0, count: 5 })) samples.push(s)
  })
  afterAll(async () => {
    await pool?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const runPython = (env: Record<string, string>): PythonSummary =>
    JSON.parse(
      execFileSync(PYTHON, [SCRIPT, dir, '--json'], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 }),
    )

  const checkAgainstNode = (summary: PythonSummary): void => {
    expect(summary.keys).toEqual(['00000000', '00000001', '00000002', '00000003', '00000004'])
    summary.rawSha256.forEach((hashes, i) => {
      const s = samples[i]
      const planes = Object.fromEntries(s.planes)
      expect(hashes).toEqual({
        'depth.png:raw_sha256': rawSha256(planes.depth),
        'mask.png:raw_sha256': rawSha256(planes.mask),
        'png:raw_sha256': rawSha256(s.image),
      })
      expect(summary.labels[i]).toEqual(JSON.parse(s.label))
    })
  }

  it.runIf(hasTorch)('decodes every sample into torch tensors with the same pixels and labels as Node', () => {
    const summary = runPython({})
    console.log(`read_shards.py ran via ${summary.path}`)
    expect(summary.path).toMatch(/^torch /)
    expect(summary.shapes).toEqual({ png: [48, 64, 3], 'mask.png': [48, 64, 1], 'depth.png': [48, 64, 1] })
    checkAgainstNode(summary)
  })

  it('decodes the same bytes with the Python standard library alone (tarfile + zlib)', () => {
    if (!hasTorch) console.log('torch is not importable here: checking the stdlib decoding path only')
    const summary = runPython({ READ_SHARDS_NO_TORCH: '1' })
    console.log(`read_shards.py ran via ${summary.path}`)
    expect(summary.path).toMatch(/^stdlib/)
    checkAgainstNode(summary)
  })
})
