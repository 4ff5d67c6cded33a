import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { exp, sin } from '@neuromation/generator-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleFromFiles } from '../bundle/loadBundle.ts'
import { createSandboxPool, type SandboxPool } from './createSandboxPool.ts'
import { bundleFiles, hostileManifest, hostileModuleSource } from './fixtures/hostileGenerator.ts'
import type { GeneratedSample } from './GeneratedSample.ts'
import { SandboxError } from './SandboxError.ts'

async function collect(iterable: AsyncIterable<GeneratedSample>): Promise<GeneratedSample[]> {
  const out: GeneratedSample[] = []
  for await (const s of iterable) out.push(s)
  return out
}

async function failure(promise: Promise<unknown>): Promise<SandboxError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxError)
    return error as SandboxError
  }
  throw new Error('expected a SandboxError, but it succeeded')
}

const bundleOf = (source: string, manifest: object = hostileManifest) =>
  bundleFromFiles(bundleFiles(source, manifest), 'test bundle')

describe('createSandboxPool', () => {
  let pool: SandboxPool
  beforeAll(async () => {
    pool = await createSandboxPool({
      bundle: await bundleOf(hostileModuleSource),
      workers: 2,
      // The memory bomb needs ~0.5 s to fill 64 MiB on a busy machine: the time limit leaves it
      // ample room (the infinite loop is tested on a pool of its own with a short limit).
      limits: { sampleTimeoutMs: 10_000, memoryMb: 64, maxOutputBytes: 1 << 20 },
      verifyEvery: 1,
    })
  })
  afterAll(() => pool.close())

  const gen = (mode: string, start = 0, count = 3) => collect(pool.generate({ params: { mode }, seed: 7, start, count }))
  // After each failure the same pool must still serve good samples.
  const stillServes = async () => expect((await gen('ok', 0, 4)).map((s) => s.index)).toEqual([0, 1, 2, 3])

  it('yields samples in index order with planes and JSON labels, bound to deterministic Math', async () => {
    const samples = await gen('ok', 10, 20)
    expect(samples.map((s) => s.index)).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i))
    const label = JSON.parse(samples[0].label)
    expect(label).toMatchObject({ index: 10, sin1: sin(1), exp: exp(0.5) })
    expect(samples[0].image).toMatchObject({ width: 4, height: 4, channels: 1, bits: 8 })
    expect(samples[0].planes[0][0]).toBe('depth')
    expect(samples[0].planes[0][1].bits).toBe(16)
    expect(Array.from(samples[0].planes[0][1].data.slice(0, 2))).toEqual([10007, 10007])
  })

  it('gives identical bytes for the same index whatever the worker count or order', async () => {
    const single = await createSandboxPool({ bundle: pool.bundle, workers: 1 })
    try {
      const a = await collect(single.generate({ seed: 7, start: 5, count: 6 }))
      const b = await gen('ok', 0, 11)
      for (const s of a) {
        const t = b[s.index]
        expect(Buffer.from(s.image.data).equals(Buffer.from(t.image.data))).toBe(true)
        expect(s.label).toBe(t.label)
      }
      expect((await single.sample(5, { seed: 8 })).label).not.toBe(a[0].label)
    } finally {
      await single.close()
    }
  })

  it.each([
    ['memory', 'MemoryLimit'],
    ['buffer', 'MemoryLimit'],
    ['require', 'Forbidden'],
    ['process', 'Forbidden'],
    ['fetch', 'Forbidden'],
    ['date', 'Forbidden'],
    ['random', 'Forbidden'],
    ['timer', 'Forbidden'],
    ['caught', 'Forbidden'],
    ['big', 'OutputTooLarge'],
    ['state', 'Nondeterministic'],
    ['throw', 'GeneratorError'],
    ['badshape', 'BadOutput'],
    ['promise', 'BadOutput'],
  ])('a %s generator fails with %s and the pool keeps serving', async (mode, code) => {
    const error = await failure(gen(mode, 0, 3))
    expect(error.code).toBe(code)
    expect(error.index).toBe(0)
    expect(error.message).toMatch(new RegExp(`^${code} \\(sample 0\\): `))
    if (code === 'Forbidden')
      expect(error.message).toContain(
        mode === 'caught'
          ? 'Date'
          : mode === 'random'
            ? 'Math.random'
            : mode === 'timer'
              ? 'setTimeout'
              : mode.replace('date', 'Date'),
      )
    await stillServes()
  })

  it('stops an infinite loop at the time limit and keeps serving', async () => {
    const quick = await createSandboxPool({ bundle: pool.bundle, workers: 1, limits: { sampleTimeoutMs: 300 } })
    try {
      const error = await failure(collect(quick.generate({ params: { mode: 'loop' }, seed: 7, start: 4, count: 2 })))
      expect(error.code).toBe('TimeLimit')
      expect(error.message).toBe('TimeLimit (sample 4): generate() did not finish within the time limit')
      expect(error.hint).toContain('raise the per-sample time limit')
      expect((await quick.sample(4, { seed: 7 })).index).toBe(4)
    } finally {
      await quick.close()
    }
  })

  it('yields every sample before the failing one', async () => {
    const seen: number[] = []
    const error = await failure(
      (async () => {
        for await (const s of pool.generate({ params: { mode: 'ok' }, seed: 1, start: 0, count: 5 })) seen.push(s.index)
        for await (const s of pool.generate({ params: { mode: 'throw' }, seed: 1, start: 3, count: 5 })) seen.push(s.index)
      })(),
    )
    expect(error.message).toContain('boom at 3')
    expect(seen).toEqual([0, 1, 2, 3, 4])
  })

  it('fails a generation in progress, instead of hanging, when the pool is closed under it', async () => {
    // An idle worker disposes its isolate and exits when asked. One inside a sample cannot read the
    // request until the sample's time limit frees its thread (a sample runs synchronously in the
    // isolate), so it is terminated after the close's grace period: close waits at most that limit.
    const other = await createSandboxPool({ bundle: pool.bundle, workers: 2, limits: { sampleTimeoutMs: 3000 } })
    const running = collect(other.generate({ params: { mode: 'loop' }, seed: 1, start: 0, count: 2, chunkSize: 2 }))
    const failed = expect(running).rejects.toThrow('the sandbox pool was closed')
    await new Promise((r) => setTimeout(r, 100))
    await other.close()
    await failed
    expect(other.workers).toBe(0)
    await expect(collect(other.generate({ seed: 1, start: 0, count: 1 }))).rejects.toThrow('the sandbox pool is closed')
  })

  it('survives pools opened and closed one after another once their workers have encoded shards', async () => {
    // Tearing such a worker down from outside (terminate, or process.exit in it) aborted the whole
    // process within a few dozen closes (isolated-vm: "Assertion `environment != nullptr' failed",
    // exit 134). A worker now disposes its isolate, closes its port and ends by itself.
    const fixture = fileURLToPath(new URL('./fixtures/cyclePools.ts', import.meta.url))
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', fixture, '60'], { timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
      )
    })
    expect(run.output).toContain('survived 60')
    expect(run.code).toBe(0)
  }, 130_000)

  it('stops at the next chunk when the request is aborted', async () => {
    const abort = new AbortController()
    const seen: number[] = []
    const run = (async () => {
      for await (const s of pool.generate({ seed: 2, start: 0, count: 400, chunkSize: 4, signal: abort.signal })) {
        seen.push(s.index)
        if (s.index === 5) abort.abort(new Error('stop here'))
      }
    })()
    await expect(run).rejects.toThrow('stop here')
    expect(seen.length).toBeLessThan(12)
    await stillServes()
  })

  it('rejects params that do not match the schema with every problem listed', async () => {
    await expect(
      gen('ok').then(() => collect(pool.generate({ params: { mode: 3, extra: 1 }, seed: 1, start: 0, count: 1 }))),
    ).rejects.toThrow(
      'invalid params: params.extra is not a known param (known: mode, from); params.mode must be a string, got 3',
    )
    await expect(collect(pool.generate({ seed: -1, start: 0, count: 1 }))).rejects.toThrow('seed must be an integer >= 0, got -1')
  })
})

describe('malformed bundles', () => {
  it.each([
    ['a syntax error', 'export default function (', 'BadBundle', 'does not compile'],
    ['no default export', 'export const generate = () => 1', 'BadBundle', 'no default export function'],
    ['an import', 'import fs from "node:fs"; export default () => fs', 'BadBundle', 'imports "node:fs"'],
    ['top-level Date', 'const t = Date.now(); export default () => t', 'Forbidden', 'Date'],
    ['a top-level infinite loop', 'for (;;) {} export default () => 1', 'TimeLimit', 'loading'],
  ])('a module with %s is refused with %s', async (_what, source, code, text) => {
    // A short load limit only where the module never finishes loading: elsewhere a busy machine
    // must not turn a BadBundle into a TimeLimit.
    const loadTimeoutMs = code === 'TimeLimit' ? 300 : 10_000
    const error = await failure(createSandboxPool({ bundle: await bundleOf(source), workers: 1, limits: { loadTimeoutMs } }))
    expect(error.code).toBe(code)
    expect(error.message).toContain(text)
  })

  it('rejects a bundle without generator.json or with a bad schema, and bytes that do not match the CID', async () => {
    const files = bundleFiles(hostileModuleSource)
    await expect(bundleFromFiles({ 'generator.js': files['generator.js'] }, 'x')).rejects.toThrow(
      'BadBundle: no generator.json in x',
    )
    const bad = {
      ...hostileManifest,
      version: 'one',
      params: { type: 'object', properties: { n: { type: 'float', default: 1 } } },
    }
    const error = await failure(bundleOf(hostileModuleSource, bad))
    expect(error.code).toBe('BadBundle')
    expect(error.message).toContain('version must be a semantic version like "1.0.0", got "one"')
    expect(error.message).toContain(
      'params.properties.n.type must be one of object, array, string, number, integer, boolean, null, got "float"',
    )
    // A regular expression in the params schema would run on every node and browser: `^(a|a)*$`
    // against its 41-character default never ends. Refused before anything runs it.
    const redos = {
      ...hostileManifest,
      params: { type: 'object', properties: { s: { type: 'string', pattern: '^(a|a)*$', default: `${'a'.repeat(40)}!` } } },
    }
    const started = performance.now()
    const refused = await failure(bundleOf(hostileModuleSource, redos))
    expect(refused.code).toBe('BadBundle')
    expect(refused.message).toContain('params.properties.s.pattern is not supported')
    // Keywords the dApp's form renders: of the wrong type they would throw while it renders.
    const mistyped = {
      ...hostileManifest,
      params: { type: 'object', properties: { n: { type: 'integer', title: {}, enum: 'abc', maxLength: -1 } } },
    }
    const typed = await failure(bundleOf(hostileModuleSource, mistyped))
    expect(typed.message).toContain('params.properties.n.title must be a string')
    expect(typed.message).toContain('params.properties.n.enum must be an array')
    expect(typed.message).toContain('params.properties.n.maxLength must be a whole number >= 0')
    expect(performance.now() - started).toBeLessThan(5_000)
    const good = await bundleOf(hostileModuleSource)
    expect(good.cid).toMatch(/^bafy/)
    const tampered = { ...files, 'generator.js': new TextEncoder().encode(`${hostileModuleSource} `) }
    const mismatch = await failure(bundleFromFiles(tampered, 'fetched', { cid: good.cid }))
    expect(mismatch.code).toBe('CidMismatch')
    expect(mismatch.message).toContain(`expected ${good.cid}`)
    await expect(bundleFromFiles(files, 'fetched', { cid: good.cid })).resolves.toMatchObject({ cid: good.cid })
  })
})
