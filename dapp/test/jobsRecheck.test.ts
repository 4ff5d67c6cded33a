// The dApp's "re-check sample" worker, as Vite builds it for production, against shards the
// engine wrote in Node: the production build is served, its recheckWorker chunk runs the digits
// and shelf generators in headless Chromium, and every file it makes (image PNG, plane PNGs,
// label JSON) must equal the shard's bytes. This is the browser half of the determinism the
// market relies on (an executor's shard can be re-made by anyone, anywhere).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '@neuromation/devkit'
import { createSandboxPool, encodePng, loadBundle, type PngPixels, writeShards } from '@neuromation/engine'
import { validateParams } from '@neuromation/generator-sdk'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTar } from '../src/jobs/readTar'
import { shardSamples } from '../src/jobs/shardSamples'
import { buildDapp } from './buildDapp'
import { serveStatic } from './serveStatic'

const generators = fileURLToPath(new URL('../../generators/', import.meta.url))
let dir: string
let server: Awaited<ReturnType<typeof serveStatic>>
let browser: Browser
let workerPath: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'neuro-dapp-recheck-'))
  await buildDapp(join(dir, 'dist'), { VITE_CHAIN_ID: '31338' })
  const worker = readdirSync(join(dir, 'dist', 'assets')).find((f) => f.startsWith('recheckWorker-'))
  if (!worker) throw new Error('the dApp build has no recheckWorker chunk')
  workerPath = `/assets/${worker}`
  server = await serveStatic(join(dir, 'dist'))
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

type Raster = { width: number; height: number; channels: number; bits: 8 | 16; data: number[] }
type Made = { index: number; image: Raster; planes: [string, Raster][]; label: string }

// Runs `indices` of the bundle in the production worker with params completed as recheckSample
// completes them (validateParams, as the executors' sandbox does); rasters come back as arrays.
async function runWorker(moduleSource: string, seed: number, indices: number[], paramsJson: string): Promise<Made[]> {
  const page = await browser.newPage()
  try {
    // The app's own origin (the worker is same-origin); the app itself is not needed.
    await page.goto(`${server.url}/favicon.svg`)
    return await page.evaluate(
      async ({ workerPath, moduleSource, seed, indices, paramsJson }) => {
        const worker = new Worker(workerPath, { type: 'module' })
        const reply = await new Promise<{ ok: boolean; error?: string; samples?: unknown[] }>((resolve) => {
          worker.onmessage = (e) => resolve(e.data)
          worker.onerror = (e) => resolve({ ok: false, error: e.message })
          worker.postMessage({ moduleSource, seed, indices, paramsJson })
        })
        worker.terminate()
        if (!reply.ok) throw new Error(`worker failed: ${reply.error}`)
        const plain = (r: { width: number; height: number; channels: number; bits: 8 | 16; data: ArrayLike<number> }) => ({
          ...r,
          data: Array.from(r.data),
        })
        return (reply.samples as { index: number; image: never; planes: [string, never][]; label: string }[]).map((s) => ({
          index: s.index,
          image: plain(s.image),
          planes: s.planes.map(([name, p]) => [name, plain(p)] as [string, Raster]),
          label: s.label,
        }))
      },
      { workerPath, moduleSource, seed, indices, paramsJson },
    )
  } finally {
    await page.close()
  }
}

const png = (r: Raster) =>
  encodePng({
    width: r.width,
    height: r.height,
    channels: r.channels,
    data: r.bits === 16 ? Uint16Array.from(r.data) : Uint8Array.from(r.data),
  } as PngPixels)

describe('re-check worker (production build, Chromium) vs shards written in Node', { timeout: 240_000 }, () => {
  it.each([
    ['digits', { distortion: 1.5, classes: [3, 8] }, 11],
    ['shelf', { width: 64, height: 48, maxProducts: 20 }, 4],
  ])('%s: every file of every sample is byte-identical', async (name, params, seed) => {
    const bundle = await loadBundle(join(generators, name))
    const pool = await createSandboxPool({ bundle, workers: 1 })
    const out = join(dir, `shards-${name}`)
    try {
      await writeShards({ pool, params, seed, count: 4, shardSize: 2, start: 6, outDir: out })
    } finally {
      await pool.close()
    }
    // The second shard: samples 8 and 9.
    const shard = new Uint8Array(readFileSync(join(out, 'shard-000001.tar')))
    const samples = shardSamples(shard)
    expect(samples.map((s) => s.index)).toEqual([8, 9])
    const made = await runWorker(
      bundle.moduleSource,
      seed,
      [8, 9],
      JSON.stringify(validateParams(bundle.manifest.params, params)),
    )
    for (const [i, sample] of samples.entries()) {
      const m = made[i]
      expect(m.index).toBe(sample.index)
      expect(m.label).toBe(sample.labelText)
      expect(Buffer.from(png(m.image)).equals(Buffer.from(sample.png))).toBe(true)
      expect(m.planes.map(([n]) => n)).toEqual(Object.keys(sample.planes).sort())
      for (const [planeName, plane] of m.planes)
        expect(Buffer.from(png(plane)).equals(Buffer.from(sample.planes[planeName]))).toBe(true)
    }
    // And a changed byte is noticed: the check compares, it does not just succeed.
    const tampered = shard.slice()
    const entry = readTar(tampered).find((f) => f.name === `${samples[0].key}.png`)!
    entry.data[entry.data.length - 20] ^= 1
    expect(Buffer.from(png(made[0].image)).equals(Buffer.from(shardSamples(tampered)[0].png))).toBe(false)
  })

  it('a bundle cannot post a reply of its own (a forged "identical")', async () => {
    const forged = (call: string) => `
      const reply = { ok: true, samples: [{ index: 0, image: { width: 1, height: 1, channels: 1, bits: 8, data: new Uint8Array(1) }, planes: [], label: '"forged"' }] }
      ${call}
      export default function generate() { return { image: { width: 1, height: 1, channels: 1, data: new Uint8Array(1) }, label: 'real' } }`
    for (const call of [
      'postMessage(reply)',
      'self.postMessage(reply)',
      'Object.getPrototypeOf(self).postMessage.call(self, reply)',
      'DedicatedWorkerGlobalScope.prototype.postMessage.call(self, reply)',
    ]) {
      await expect(runWorker(forged(call), 1, [0], '{}'), call).rejects.toThrow(
        /worker failed: .*(not available to generators|not a function|undefined)/,
      )
    }
    // The same bundle without the forgery runs, and its own sample comes back.
    const [sample] = await runWorker(forged(''), 1, [0], '{}')
    expect(sample.label).toBe('"real"')
  })
})
