import { isolateDriverSource } from '../sandbox/isolateDriverSource.ts'

/**
 * A classic Web Worker script that runs a bundle the way the Node sandbox does: the SDK
 * prelude, the same driver (deterministic Math bound, clocks/randomness/I/O forbidden), then the
 * bundle module imported from `moduleUrl`. Message in: { moduleUrl, seed, indices, paramsJson };
 * out: { ok, samples: [{ index, shape: [w, h, c], image, planes: [name, bits, w, h, c, ArrayBuffer][], label }] } or
 * { ok: false, error }.
 */
export function browserWorkerSource(preludeSource: string): string {
  return `${preludeSource}
const driver = ${isolateDriverSource};
self.onmessage = async (event) => {
  const { moduleUrl, seed, indices, paramsJson } = event.data
  try {
    const mod = await import(moduleUrl)
    driver.setGenerate(mod.default)
    const samples = []
    const transfer = []
    for (const index of indices) {
      const s = driver.run(seed, index, paramsJson, 1 << 30)
      const image = s.image.data.slice().buffer
      const planes = s.planes.map(([name, p]) => [name, p.bits, p.width, p.height, p.channels, p.data.slice().buffer])
      transfer.push(image, ...planes.map((p) => p[5]))
      samples.push({ index, shape: [s.image.width, s.image.height, s.image.channels], image, planes, label: s.label })
    }
    self.postMessage({ ok: true, samples }, transfer)
  } catch (error) {
    self.postMessage({ ok: false, error: String((error && error.stack) || error) })
  }
}
`
}
