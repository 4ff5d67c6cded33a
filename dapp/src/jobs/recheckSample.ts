import { encodePng } from '@neuromation/engine/browser'
import type { JsonValue, ParamsSchema } from '@neuromation/generator-sdk'
import { runInBrowser } from './runInBrowser'
import type { ShardSample } from './shardSamples'

/** One file of the sample, as the shard holds it and as this browser made it. */
export type RecheckFile = { name: string; match: boolean; shardSha256: string; browserSha256: string }

/** The outcome of re-running one sample in the browser. */
export type RecheckResult = { index: number; match: boolean; files: RecheckFile[]; seconds: number }

const hex = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/**
 * Re-runs sample `sample.index` of a job in a Web Worker (runInBrowser: the engine's driver,
 * deterministic math) and compares the files it makes with the shard's, byte for byte: the image
 * PNG (encoded with the engine's deterministic encoder), each plane's PNG, and the label JSON.
 * Params are validated and completed exactly as the executors' sandbox does before the run.
 */
export async function recheckSample(options: {
  moduleSource: string
  paramsSchema: ParamsSchema
  params: Record<string, JsonValue>
  seed: number
  sample: ShardSample
  timeoutMs?: number
}): Promise<RecheckResult> {
  const started = performance.now()
  const [made] = await runInBrowser({ ...options, indices: [options.sample.index] })
  const { key } = options.sample
  const pairs: [string, Uint8Array | undefined, Uint8Array][] = [
    [`${key}.png`, options.sample.png, encodePng(made.image)],
    [`${key}.json`, new TextEncoder().encode(options.sample.labelText), new TextEncoder().encode(made.label)],
  ]
  const planeNames = new Set([...Object.keys(options.sample.planes), ...made.planes.map(([name]) => name)])
  for (const name of [...planeNames].sort()) {
    const plane = made.planes.find(([n]) => n === name)?.[1]
    pairs.push([`${key}.${name}.png`, options.sample.planes[name], plane ? encodePng(plane) : new Uint8Array(0)])
  }
  const files: RecheckFile[] = []
  for (const [name, shard, browser] of pairs) {
    files.push({
      name,
      match: shard !== undefined && sameBytes(shard, browser),
      shardSha256: shard ? await hex(shard) : 'missing',
      browserSha256: browser.length > 0 ? await hex(browser) : 'missing',
    })
  }
  return { index: made.index, match: files.every((f) => f.match), files, seconds: (performance.now() - started) / 1000 }
}
