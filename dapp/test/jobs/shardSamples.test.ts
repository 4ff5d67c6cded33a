import { encodePng, sampleKey, writeTar } from '@neuromation/engine/browser'
import { describe, expect, it } from 'vitest'
import { readTar, TarError } from '../../src/jobs/readTar'
import { shardSamples } from '../../src/jobs/shardSamples'

const encoder = new TextEncoder()
const gray = (value: number) => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(4).fill(value) })

// A shard as the engine writes it: per sample <key>.json, <key>.mask.png, <key>.png, sorted by name.
function shard(indices: number[]) {
  const entries = indices.flatMap((index) => {
    const key = sampleKey(index)
    return [
      { name: `${key}.json`, data: encoder.encode(JSON.stringify({ class: index % 10 })) },
      { name: `${key}.mask.png`, data: encodePng({ width: 2, height: 2, channels: 1, data: new Uint16Array([0, 1, 2, 3]) }) },
      { name: `${key}.png`, data: gray(index) },
    ]
  })
  return { entries, bytes: writeTar(entries) }
}

describe('readTar', () => {
  it('returns every file of an engine tar with its exact bytes, in archive order', () => {
    const { entries, bytes } = shard([5, 6])
    const files = readTar(bytes)
    expect(files.map((f) => f.name)).toEqual(entries.map((e) => e.name))
    for (const [i, file] of files.entries()) expect([...file.data]).toEqual([...entries[i].data])
  })

  it('refuses a corrupted header, naming its offset', () => {
    const { bytes } = shard([1])
    const broken = bytes.slice()
    broken[3] ^= 0xff
    expect(() => readTar(broken)).toThrow(/tar header at byte 0 is corrupted/)
  })

  it('refuses a truncated archive, saying how much is missing', () => {
    const { bytes } = shard([1])
    expect(() => readTar(bytes.subarray(0, 600))).toThrow(/archive ends 88 bytes after its header/)
  })

  it('reads an empty archive as no files', () => {
    expect(readTar(new Uint8Array(1024))).toEqual([])
  })
})

describe('shardSamples', () => {
  it('groups files by key into samples with image, label and planes', () => {
    const { bytes } = shard([12, 10, 11])
    const samples = shardSamples(bytes)
    expect(samples.map((s) => s.index)).toEqual([10, 11, 12])
    expect(samples[0].key).toBe('00000010')
    expect(samples[1].label).toEqual({ class: 1 })
    expect(samples[1].labelText).toBe('{"class":1}')
    expect([...samples[2].png]).toEqual([...gray(12)])
    expect(Object.keys(samples[0].planes)).toEqual(['mask'])
  })

  it('refuses a sample without its label', () => {
    const bytes = writeTar([{ name: '00000001.png', data: gray(1) }])
    expect(() => shardSamples(bytes)).toThrow(new TarError('sample 00000001 has no label (00000001.json)'))
  })

  // An executor's shard for task 1 (samples 3..5) filled with correct samples of other tasks would
  // re-check as identical, sample by sample: the shard must hold exactly the task's samples.
  it('given the task, refuses samples of other tasks, keys the engine would not write, and missing samples', () => {
    const task1 = { first: 3, count: 3 }
    expect(shardSamples(shard([3, 4, 5]).bytes, task1).map((s) => s.index)).toEqual([3, 4, 5])
    expect(() => shardSamples(shard([3, 4, 6]).bytes, task1)).toThrow(
      'sample 00000006 does not belong in this shard: it holds samples 3 to 5, keyed 00000003',
    )
    const shortKey = writeTar([
      { name: '4.json', data: encoder.encode('{}') },
      { name: '4.png', data: gray(4) },
    ])
    expect(() => shardSamples(shortKey, task1)).toThrow(/sample 4 does not belong in this shard/)
    expect(() => shardSamples(shard([3, 4]).bytes, task1)).toThrow("the shard holds 2 samples, not the task's 3")
  })

  it('refuses files that are not shard entries', () => {
    const bytes = writeTar([{ name: 'notes.txt', data: encoder.encode('hi') }])
    expect(() => shardSamples(bytes)).toThrow(/"notes.txt" is not a shard file name/)
  })
})
