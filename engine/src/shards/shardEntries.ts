import type { GeneratedSample } from '../sandbox/GeneratedSample.ts'
import { encodePng } from './encodePng.ts'
import type { TarEntry } from './writeTar.ts'

const encoder = new TextEncoder()

/** The WebDataset key of a sample: its global index, zero-padded to 8 digits (wider past 10^8). */
export function sampleKey(index: number): string {
  return String(index).padStart(8, '0')
}

/**
 * The tar entries of one sample in the WebDataset convention: `<key>.png` (the image),
 * `<key>.json` (the label JSON text exactly as the generator produced it), and
 * `<key>.<plane>.png` per extra plane (16-bit PNG for 16-bit planes), sorted by name.
 */
export function shardEntries(sample: GeneratedSample): TarEntry[] {
  const key = sampleKey(sample.index)
  const entries: TarEntry[] = [
    { name: `${key}.png`, data: encodePng(sample.image) },
    { name: `${key}.json`, data: encoder.encode(sample.label) },
  ]
  for (const [name, plane] of sample.planes) entries.push({ name: `${key}.${name}.png`, data: encodePng(plane) })
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
