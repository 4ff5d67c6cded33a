import { describe, expect, it } from 'vitest'
import { encodeJobSpec, JobSpecError, parseJobSpec, taskSamples, unitsPerTask } from './jobSpec'

const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const spec = {
  version: 1 as const,
  kind: 'GENERATE' as const,
  generator: cid,
  params: { noise: 0.1 },
  seed: 42,
  samplesPerTask: 100,
}

describe('jobSpec', () => {
  it('parses a spec from text, bytes or a value, filling params', () => {
    expect(parseJobSpec(JSON.stringify(spec))).toEqual(spec)
    expect(parseJobSpec(new TextEncoder().encode(JSON.stringify(spec)))).toEqual(spec)
    const { params: _, ...noParams } = spec
    expect(parseJobSpec(noParams).params).toEqual({})
    expect(parseJobSpec(encodeJobSpec(spec))).toEqual(spec)
  })

  it('names every problem and the fix', () => {
    const error = (() => {
      try {
        parseJobSpec({ ...spec, version: 2, kind: 'TRAIN', seed: -1, samplesPerTask: 10_001, extra: 1 }, 'bafyspec')
      } catch (e) {
        return e as JobSpecError
      }
    })()
    expect(error).toBeInstanceOf(JobSpecError)
    expect(error?.message).toContain('Invalid job spec bafyspec:')
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        'unknown field(s) extra: remove them',
        'version must be 1 (the only spec format this sdk knows)',
        'kind must be "GENERATE" (the only job kind open on the market)',
        'seed must be >= 0',
        'samplesPerTask must be at most 10000',
      ]),
    )
    expect(() => parseJobSpec({ ...spec, generator: 'not-a-cid' })).toThrow('generator must be a CID')
    expect(() => parseJobSpec('{nope')).toThrow('the spec is not JSON')
    expect(() => parseJobSpec(new Uint8Array([0xff, 0xfe]))).toThrow('the spec is not UTF-8 text')
    expect(() => parseJobSpec({ ...spec, seed: 2 ** 32 })).toThrow('seed must fit in 32 bits')
  })

  it('maps tasks to sample ranges and units', () => {
    expect(taskSamples(spec, 0)).toEqual({ start: 0, count: 100 })
    expect(taskSamples(spec, 3)).toEqual({ start: 300, count: 100 })
    expect(unitsPerTask(spec, 20)).toBe(2000n)
    expect(unitsPerTask({ samplesPerTask: 3 }, 0.5)).toBe(2n) // rounded up
    expect(() => unitsPerTask(spec, 0)).toThrow('unitsPerSample must be a number > 0')
  })
})
