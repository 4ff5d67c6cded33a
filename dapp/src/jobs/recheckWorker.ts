// A module Web Worker that runs a generator bundle the way an executor's sandbox does: the SDK's
// rng and deterministic math handed to the engine's own driver (the same source the Node sandbox
// evaluates in isolated-vm: Math bound, clocks, randomness and I/O forbidden), then the bundle
// imported from a blob URL. One worker per re-check, terminated after it.
import { isolateDriverSource } from '@neuromation/engine/browser'
import { createRng, detMath } from '@neuromation/generator-sdk'

type Raster = { width: number; height: number; channels: number; bits: 8 | 16; data: Uint8Array | Uint16Array }
type Driver = {
  setGenerate: (fn: unknown) => void
  run: (
    seed: number,
    index: number,
    paramsJson: string,
    maxBytes: number,
  ) => { image: Raster; planes: [string, Raster][]; label: string }
}

/** Request: run `indices` of the bundle. */
export type RecheckRequest = { moduleSource: string; seed: number; indices: number[]; paramsJson: string }
/** Reply: the samples' raw rasters and label text, or the error the generator raised. */
export type RecheckReply =
  | { ok: true; samples: { index: number; image: Raster; planes: [string, Raster][]; label: string }[] }
  | { ok: false; error: string }

const scope = globalThis as unknown as {
  __neuroSdk?: unknown
  onmessage: ((event: MessageEvent<RecheckRequest>) => void) | null
  postMessage: (message: RecheckReply) => void
}

scope.__neuroSdk = { createRng, detMath }
// The driver is the engine's own script (not user input), evaluated in the worker's global scope
// as the engine's browser worker does; it deletes __neuroSdk and returns { setGenerate, run }.
// biome-ignore lint/security/noGlobalEval: the engine ships the driver as source text, for isolates and workers alike.
// biome-ignore lint/complexity/noCommaOperator: indirect eval, so the driver sees only globals.
const driver = (0, eval)(isolateDriverSource) as Driver
// Kept before the driver can forbid anything: the worker's own plumbing, not the generator's.
const { createObjectURL, revokeObjectURL } = URL
// The only way out to the page, kept here and taken from the bundle: a bundle that posted its
// own reply (at import, before any sample runs) could report samples it never made, and the page
// would call a wrong shard "identical". postMessage lives on the worker scope's prototype chain,
// so it goes from there too, and an own accessor that throws stands in its place.
const post = scope.postMessage.bind(scope)
for (let proto = Object.getPrototypeOf(globalThis); proto !== null; proto = Object.getPrototypeOf(proto)) {
  if (Object.hasOwn(proto, 'postMessage')) delete proto.postMessage
}
Object.defineProperty(globalThis, 'postMessage', {
  get() {
    throw new Error('postMessage is not available to generators: return the sample from generate()')
  },
  configurable: false,
})

scope.onmessage = async (event) => {
  const { moduleSource, seed, indices, paramsJson } = event.data
  const url = createObjectURL(new Blob([moduleSource], { type: 'text/javascript' }))
  try {
    const mod = (await import(/* @vite-ignore */ url)) as { default: unknown }
    driver.setGenerate(mod.default)
    // 1 GiB: the browser tab's memory is the real bound; the engine's limit is for shared hosts.
    const samples = indices.map((index) => ({ index, ...driver.run(seed, index, paramsJson, 1 << 30) }))
    post({ ok: true, samples })
  } catch (error) {
    post({ ok: false, error: String((error as Error)?.stack ?? error) })
  } finally {
    revokeObjectURL(url)
  }
}
