import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCaptured } from '@neuromation/devkit/runCaptured'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleFiles, hostileModuleSource } from '../sandbox/fixtures/hostileGenerator.ts'
import { runNeuroGen } from './runNeuroGen.ts'

const BIN = fileURLToPath(new URL('../../bin/neuro-gen.mjs', import.meta.url))

// In-process run with stdout/stderr captured: fast, for help and argument errors.
function runHere(...args: string[]) {
  return runCaptured(runNeuroGen, args)
}

// The real executable in a child process: checks the bin shim and exit codes end to end.
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe('neuro-gen', () => {
  let dir: string
  let bundleDir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'neuro-gen-'))
    bundleDir = join(dir, 'bundle')
    const files = bundleFiles(hostileModuleSource)
    mkdirSync(bundleDir)
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(bundleDir, name), bytes)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints help for every command', async () => {
    for (const c of ['pack', 'info', 'preview', 'shards', 'verify']) {
      const r = await runHere(c, '--help')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`^Usage: neuro-gen ${c}`))
    }
    expect((await runHere('--help')).stdout).toContain('Commands:')
    const bare = await run()
    expect(bare.code).toBe(2)
    expect(bare.stdout).toContain('Usage: neuro-gen <command>')
  })

  it('names the problem and the fix for bad flags and params', async () => {
    const cases: [string[], string][] = [
      [
        ['shards', '--generator', 'x', '--frobnicate'],
        'neuro-gen shards: unknown flag --frobnicate (see `neuro-gen shards --help`)',
      ],
      [
        ['shards', '--generator', 'x', '--out', 'y', '--count=-3', '--shard-size', '1'],
        'neuro-gen shards: --count must be an integer from 1 to 2^53 - 1, got "-3"',
      ],
      [
        ['shards', '--count', '-3'],
        'neuro-gen shards: --count needs a value; to pass one starting with "-", write --count=<value>',
      ],
      [['shards', '--count'], 'neuro-gen shards: --count needs a value'],
      [['shards', '--out', 'y'], 'neuro-gen shards: --generator is required'],
      [
        ['shards', '--generator', 'x', '--out', 'y', '--count', '2', '--shard-size', '1', '--params', '{bad'],
        'neuro-gen shards: --params is not valid JSON',
      ],
      [['frob'], 'neuro-gen: unknown command "frob"'],
      [['info'], 'neuro-gen info: give a generator or bundle directory'],
    ]
    for (const [args, message] of cases) {
      const r = await runHere(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toContain(message)
    }
    const params = await runHere(
      'shards',
      '--generator',
      bundleDir,
      '--out',
      join(dir, 'p'),
      '--count',
      '1',
      '--shard-size',
      '1',
      '--params',
      '{"mode": 1}',
    )
    expect(params.code).toBe(2)
    expect(params.stderr).toContain('params.mode must be a string, got 1')
  })

  it('writes shards with --json, verifies them, and reports a broken generator with its reason', async () => {
    const out = join(dir, 'shards')
    const r = await run(
      'shards',
      '--generator',
      bundleDir,
      '--count',
      '5',
      '--shard-size',
      '2',
      '--out',
      out,
      '--seed',
      '3',
      '--workers',
      '2',
      '--json',
    )
    expect(r.code).toBe(0)
    const manifest = JSON.parse(r.stdout)
    expect(manifest.shards).toHaveLength(3)
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest)
    const verify = await runHere('verify', out, '--json')
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout).ok).toBe(true)
    const loop = await runHere(
      'shards',
      '--generator',
      bundleDir,
      '--count',
      '1',
      '--shard-size',
      '1',
      '--out',
      join(dir, 'l'),
      '--params',
      '{"mode":"random"}',
    )
    expect(loop.code).toBe(1)
    expect(loop.stderr).toContain('neuro-gen: Forbidden (sample 0): Math.random is not available to generators')
    expect(loop.stderr).toContain('hint: ')
  })

  it('renders a preview grid and shows info', async () => {
    const png = join(dir, 'preview.png')
    const r = await runHere('preview', bundleDir, '--count', '3', '--out', png, '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).samples.map((s: { index: number }) => s.index)).toEqual([0, 1, 2])
    expect(existsSync(png)).toBe(true)
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG')
    const info = await runHere('info', bundleDir)
    expect(info.stdout).toMatch(/^hostile 1\.0\.0\n/)
    expect(info.stdout).toMatch(/cid +bafy/)
  })
})
