import { fileURLToPath } from 'node:url'
import { createSandboxPool, loadBundle } from '@neuromation/engine'
import { createRng, type ParamsSchema, type Sample, validateParams } from '@neuromation/generator-sdk'
import { describe, expect, it } from 'vitest'
import manifest from '../generator.json' with { type: 'json' }
import generate, { type ShelfParams } from './generator.ts'

// Small frames keep the test fast; the geometry and labelling code paths are the same.
const params = validateParams(manifest.params as ParamsSchema, { width: 96, height: 72 }) as unknown as ShelfParams
const native = (index: number, seed = 5): Sample => generate({ seed, index, params, rng: createRng(seed, index) })

interface ShelfObject {
  id: number
  sku: number
  kind: string
  bbox: [number, number, number, number]
  fullBbox: [number, number, number, number]
  pixels: number
}

describe('shelf generator', () => {
  it('labels every visible product with a pixel-exact box, SKU and pixel count from the mask', () => {
    let occluded = 0
    for (const index of [0, 1, 2]) {
      const sample = native(index)
      const mask = sample.planes!.mask.data as Uint16Array
      const { objects, skuCount } = sample.label as unknown as { objects: ShelfObject[]; skuCount: number }
      expect(objects.length).toBeGreaterThan(5)
      const extents = new Map<number, [number, number, number, number, number]>()
      for (let y = 0; y < 72; y++) {
        for (let x = 0; x < 96; x++) {
          const id = mask[y * 96 + x]
          if (!id) continue
          const e = extents.get(id) ?? [x, y, x + 1, y + 1, 0]
          extents.set(id, [Math.min(e[0], x), Math.min(e[1], y), Math.max(e[2], x + 1), Math.max(e[3], y + 1), e[4] + 1])
        }
      }
      expect(new Set(objects.map((o) => o.id))).toEqual(new Set(extents.keys()))
      for (const o of objects) {
        const e = extents.get(o.id)!
        expect(o.bbox).toEqual(e.slice(0, 4))
        // The amodal box contains the visible one.
        expect(o.fullBbox[0]).toBeLessThanOrEqual(o.bbox[0])
        expect(o.fullBbox[1]).toBeLessThanOrEqual(o.bbox[1])
        expect(o.fullBbox[2]).toBeGreaterThanOrEqual(o.bbox[2])
        expect(o.fullBbox[3]).toBeGreaterThanOrEqual(o.bbox[3])
        if ((o.fullBbox[2] - o.fullBbox[0]) * (o.fullBbox[3] - o.fullBbox[1]) > (o.bbox[2] - o.bbox[0]) * (o.bbox[3] - o.bbox[1]))
          occluded++
        expect(o.pixels).toBe(e[4])
        expect(o.sku).toBeGreaterThanOrEqual(0)
        expect(o.sku).toBeLessThan(skuCount)
        expect(['box', 'can', 'bottle']).toContain(o.kind)
      }
    }
    // Back rows and frame edges hide parts of some products: the amodal box says how much.
    expect(occluded).toBeGreaterThan(0)
  })

  it('has products in front of the shelf back in the depth plane (millimetres, 16-bit)', () => {
    const sample = native(3)
    const mask = sample.planes!.mask.data
    const depth = sample.planes!.depth.data
    expect(depth).toBeInstanceOf(Uint16Array)
    let productDepth = 0
    let products = 0
    let scenery = 0
    let sceneryCount = 0
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]) {
        productDepth += depth[i]
        products++
      } else {
        scenery += depth[i]
        sceneryCount++
      }
    }
    expect(productDepth / products).toBeGreaterThan(1000)
    expect(productDepth / products).toBeLessThan(scenery / sceneryCount)
  })

  it('is deterministic per index and differs between indices and catalogues', () => {
    const a = native(7)
    expect(Buffer.from(native(7).image.data).equals(Buffer.from(a.image.data))).toBe(true)
    expect(Buffer.from(native(8).image.data).equals(Buffer.from(a.image.data))).toBe(false)
    const other = generate({ seed: 5, index: 7, params: { ...params, catalogSeed: 2 }, rng: createRng(5, 7) })
    expect(Buffer.from(other.image.data).equals(Buffer.from(a.image.data))).toBe(false)
  })

  it('gives the same bytes in the sandbox as natively (deterministic Math bound in the isolate)', async () => {
    const bundle = await loadBundle(fileURLToPath(new URL('..', import.meta.url)))
    const pool = await createSandboxPool({ bundle, workers: 1 })
    try {
      for await (const s of pool.generate({ params: { width: 96, height: 72 }, seed: 5, start: 0, count: 2 })) {
        const n = native(s.index)
        expect(Buffer.from(s.image.data).equals(Buffer.from(n.image.data))).toBe(true)
        expect(s.label).toBe(JSON.stringify(n.label))
        const depth = s.planes.find(([name]) => name === 'depth')![1]
        expect(Buffer.from(depth.data.buffer).equals(Buffer.from(n.planes!.depth.data.buffer))).toBe(true)
      }
      await expect(pool.sample(0, { seed: 1, params: { shelfRows: 9 } })).rejects.toThrow('params.shelfRows must be <= 6, got 9')
    } finally {
      await pool.close()
    }
  })
})
