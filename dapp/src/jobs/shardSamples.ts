import { sampleKey } from '@neuromation/engine/browser'
import { readTar, TarError } from './readTar'

/** One sample of a shard, as the engine wrote it (WebDataset: files grouped by their key). */
export type ShardSample = {
  /** The global sample index (the key is it, zero-padded). */
  index: number
  key: string
  /** `<key>.png` exactly as stored. */
  png: Uint8Array
  /** `<key>.json` exactly as stored (the generator's label, serialized by the engine). */
  labelText: string
  /** The label parsed. */
  label: unknown
  /** `<key>.<plane>.png` per extra plane, by plane name. */
  planes: Record<string, Uint8Array>
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The samples of a shard tar, in index order. Every sample must have its image and its label: a
 * shard missing one was not written by the engine, and the page says so instead of drawing half
 * a sample. With `task`, the shard must hold exactly that task's samples, keyed as the engine keys
 * them: otherwise an executor could fill it with correct samples of other tasks (or `1` beside
 * `01`), and a re-check of each would say "identical" about a shard that is wrong.
 */
export function shardSamples(archive: Uint8Array, task?: { first: number; count: number }): ShardSample[] {
  const byKey = new Map<string, { png?: Uint8Array; json?: Uint8Array; planes: Record<string, Uint8Array> }>()
  for (const file of readTar(archive)) {
    const match = /^(\d+)\.(?:([a-z][a-z0-9_-]{0,31})\.)?(png|json)$/.exec(file.name)
    if (!match) throw new TarError(`"${file.name}" is not a shard file name (<key>.png, <key>.json or <key>.<plane>.png)`)
    const [, key, plane, ext] = match
    const entry = byKey.get(key) ?? { planes: {} }
    byKey.set(key, entry)
    if (plane !== undefined) {
      if (ext !== 'png') throw new TarError(`"${file.name}": planes are PNG files`)
      entry.planes[plane] = file.data
    } else if (ext === 'png') entry.png = file.data
    else entry.json = file.data
  }
  const samples: ShardSample[] = []
  for (const [key, entry] of byKey) {
    if (!entry.png) throw new TarError(`sample ${key} has no image (${key}.png)`)
    if (!entry.json) throw new TarError(`sample ${key} has no label (${key}.json)`)
    let labelText: string
    let label: unknown
    try {
      labelText = decoder.decode(entry.json)
      label = JSON.parse(labelText)
    } catch (cause) {
      throw new TarError(`the label ${key}.json is not UTF-8 JSON`, { cause })
    }
    samples.push({ index: Number(key), key, png: entry.png, labelText, label, planes: entry.planes })
  }
  samples.sort((a, b) => a.index - b.index)
  if (task) {
    for (const sample of samples) {
      if (sample.key !== sampleKey(sample.index) || sample.index < task.first || sample.index >= task.first + task.count)
        throw new TarError(
          `sample ${sample.key} does not belong in this shard: it holds samples ${task.first} to ${task.first + task.count - 1}, keyed ${sampleKey(task.first)}`,
        )
    }
    if (samples.length !== task.count)
      throw new TarError(`the shard holds ${samples.length} samples, not the task's ${task.count}`)
  }
  return samples
}
