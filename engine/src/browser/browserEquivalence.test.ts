import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '@neuromation/devkit'
import { build } from 'esbuild'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bundle } from '../bundle/Bundle.ts'
import { loadBundle } from '../bundle/loadBundle.ts'
import { buildSandboxSources } from '../sandbox/buildSandboxSources.ts'
import { createSandboxPool } from '../sandbox/createSandboxPool.ts'
import { encodePng } from '../shards/encodePng.ts'
import { browserWorkerSource } from './browserWorkerSource.ts'

const SHELF = fileURLToPath(new URL('../../../generators/shelf', import.meta.url))
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

interface Digest {
  index: number
  image: string
  planes: [string, number, string][]
  label: string
  /** sha256 of the PNG files the shard would hold, encoded where the sample was made. */
  pngs: string[]
}

// encodePng for the page: the same source and the same pinned fflate, bundled for browsers.
async function browserPngEncoder(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../shards/encodePng.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'neuroPng',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

// Runs the bundle in a Web Worker of headless Chromium and returns sha256 digests of its bytes.
async function runInBrowser(
  browser: Browser,
  bundle: Bundle,
  seed: number,
  indices: number[],
  params: object,
): Promise<{ digests: Digest[]; userAgent: string }> {
  const page = await browser.newPage()
  try {
    // A real secure origin (blob: workers, crypto.subtle), served from memory: no network request.
    await page.route('https://neuro.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>worker</title>' }),
    )
    await page.goto('https://neuro.test/')
    await page.addScriptTag({ content: await browserPngEncoder() })
    const { prelude } = await buildSandboxSources()
    return await page.evaluate(
      async ({ workerSource, moduleSource, seed, indices, paramsJson }) => {
        const url = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }))
        const worker = new Worker(url(workerSource))
        const reply = await new Promise<{
          ok: boolean
          error?: string
          samples: {
            index: number
            shape: [number, number, number]
            image: ArrayBuffer
            planes: [string, number, number, number, number, ArrayBuffer][]
            label: string
          }[]
        }>((resolve) => {
          worker.onmessage = (e) => resolve(e.data)
          worker.onerror = (e) => resolve({ ok: false, error: e.message, samples: [] })
          worker.postMessage({ moduleUrl: url(moduleSource), seed, indices, paramsJson })
        })
        worker.terminate()
        if (!reply.ok) throw new Error(`worker failed: ${reply.error}`)
        const hex = async (b: ArrayBuffer | Uint8Array<ArrayBuffer>) =>
          [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((x) => x.toString(16).padStart(2, '0')).join('')
        const { encodePng } = (globalThis as unknown as { neuroPng: { encodePng: (p: object) => Uint8Array<ArrayBuffer> } })
          .neuroPng
        const digests = []
        for (const s of reply.samples) {
          const [width, height, channels] = s.shape
          const planes: [string, number, string][] = []
          const pngs = [await hex(encodePng({ width, height, channels, data: new Uint8Array(s.image) }))]
          for (const [name, bits, w, h, c, data] of s.planes) {
            planes.push([name, bits, await hex(data)])
            pngs.push(
              await hex(
                encodePng({ width: w, height: h, channels: c, data: bits === 16 ? new Uint16Array(data) : new Uint8Array(data) }),
              ),
            )
          }
          digests.push({ index: s.index, image: await hex(s.image), planes, label: s.label, pngs })
        }
        return { digests, userAgent: navigator.userAgent }
      },
      {
        workerSource: browserWorkerSource(prelude),
        moduleSource: bundle.moduleSource,
        seed,
        indices,
        paramsJson: JSON.stringify(params),
      },
    )
  } finally {
    await page.close()
  }
}

describe('a bundle in a browser Web Worker', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('gives the same sample bytes and the same PNG files as Node for the same index', async () => {
    const bundle = await loadBundle(SHELF)
    const params = {
      width: 96,
      height: 72,
      skuCount: 24,
      catalogSeed: 1,
      shelfRows: 4,
      maxProducts: 120,
      backRowProbability: 0.35,
      noise: 0.01,
    }
    const indices = [0, 1, 2, 3]
    const pool = await createSandboxPool({ bundle, workers: 1 })
    const node: Digest[] = []
    try {
      for await (const s of pool.generate({ params, seed: 9, start: 0, count: indices.length })) {
        node.push({
          index: s.index,
          image: sha256(s.image.data),
          planes: s.planes.map(([name, p]) => [
            name,
            p.bits,
            sha256(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength)),
          ]),
          label: s.label,
          pngs: [s.image, ...s.planes.map(([, p]) => p)].map((r) => sha256(encodePng(r))),
        })
      }
    } finally {
      await pool.close()
    }
    const { digests, userAgent } = await runInBrowser(browser, bundle, 9, indices, params)
    console.log(`browser: ${userAgent}; node: ${process.version} (V8 ${process.versions.v8})`)
    expect(digests).toEqual(node)
  })
})
