// How the loader classifies a bundle it cannot read: the content layer's answer about the bundle's
// own (CID-verified) directory is the bundle's fault and repeats on every try; not reaching the
// content is worth another try.
import { ContentError } from '@neuromation/content'
import { createLogger } from '@neuromation/runtime'
import { rawCid } from '@neuromation/sdk'
import { describe, expect, it } from 'vitest'
import { ExecutorError } from '../ExecutorError'
import { isPermanentFailure } from './isPermanentFailure'
import { JobLoader, SPECS_KEPT } from './JobLoader'

const specCid = 'bafkreidzz2dhjxplojkwirpqqrnodjhppfirytm5gjcisb76ajau5l5juq'
const bundleCid = 'bafybeihhri3ly32bcn3rdi3xqllcnsesn5djdeha26gt7xlhzpice7juta'
const spec = { version: 1, kind: 'GENERATE', generator: bundleCid, params: {}, seed: 1, samplesPerTask: 10 }
const manifest = {
  name: 'hostile',
  version: '1.0.0',
  module: 'missing.js',
  params: { type: 'object' },
  output: {},
  computeUnitsPerSample: 1,
}

function loader(moduleError: Error) {
  const enc = new TextEncoder()
  const content = {
    get: async () => enc.encode(JSON.stringify(spec)),
    getFile: async (_cid: string, path: string) => {
      if (path === 'generator.json') return enc.encode(JSON.stringify(manifest))
      throw moduleError
    },
  }
  const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
  return new JobLoader(content as never, { workers: 1, fetchTimeoutMs: 1_000, logger })
}

async function failure(moduleError: Error): Promise<ExecutorError> {
  const error = await loader(moduleError)
    .load(specCid)
    .then(
      () => undefined,
      (e: unknown) => e,
    )
  expect(error).toBeInstanceOf(ExecutorError)
  return error as ExecutorError
}

describe('JobLoader: a bundle it cannot read', () => {
  it('whose manifest names a module the verified directory does not hold fails for good (BAD_BUNDLE)', async () => {
    for (const code of ['PathNotFound', 'NotAFile', 'ContentTooLarge', 'InvalidCid', 'Unsupported'] as const) {
      const error = await failure(new ContentError(code, `No link "missing.js" found under ${bundleCid}`))
      expect(error.code).toBe('BAD_BUNDLE')
      expect(error.message).toContain('missing.js')
      expect(isPermanentFailure(error)).toBe(true)
    }
  })

  it('that nobody served in time, or a node that lied about it, is retried (BUNDLE_FETCH)', async () => {
    for (const code of ['ContentNotFound', 'NodeUnavailable', 'CidMismatch'] as const) {
      const error = await failure(new ContentError(code, 'not now'))
      expect(error.code).toBe('BUNDLE_FETCH')
      expect(isPermanentFailure(error)).toBe(false)
    }
  })
})

describe('JobLoader: a job spec it cannot read', () => {
  function specLoader(error: Error) {
    const content = {
      get: async () => {
        throw error
      },
    }
    const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
    return new JobLoader(content as never, { workers: 1, fetchTimeoutMs: 1_000, logger })
  }
  const specFailure = (error: Error) =>
    specLoader(error)
      .spec(specCid)
      .then(
        () => undefined,
        (e: unknown) => e as ExecutorError,
      )

  // A job posted with `specCid = "hello"`, or a CID of a directory or of a file over the bound, fails
  // the same way on every try and every node: it used to be retried until the assignment lapsed.
  it('that is no CID, no file, too large or of an unreadable codec fails for good (BAD_SPEC)', async () => {
    for (const code of ['InvalidCid', 'NotAFile', 'ContentTooLarge', 'Unsupported'] as const) {
      const error = await specFailure(new ContentError(code, 'about the spec'))
      expect(error).toBeInstanceOf(ExecutorError)
      expect(error?.code).toBe('BAD_SPEC')
      expect(error?.message).toContain(specCid)
      expect(isPermanentFailure(error)).toBe(true)
    }
  })

  it('that nobody served in time is retried (SPEC_FETCH)', async () => {
    for (const code of ['ContentNotFound', 'NodeUnavailable', 'CidMismatch'] as const) {
      const error = await specFailure(new ContentError(code, 'not now'))
      expect(error?.code).toBe('SPEC_FETCH')
      expect(isPermanentFailure(error)).toBe(false)
    }
  })
})

describe('JobLoader: spec cache', () => {
  it('keeps at most SPECS_KEPT specs, the least recently used dropped first', async () => {
    const enc = new TextEncoder()
    const fetched: string[] = []
    const content = {
      get: async (cid: string) => {
        fetched.push(cid)
        return enc.encode(JSON.stringify(spec))
      },
    }
    const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
    const jobs = new JobLoader(content as never, { workers: 1, fetchTimeoutMs: 1_000, logger })
    const cid = (i: number) => rawCid(enc.encode(`spec ${i}`))
    for (let i = 0; i < SPECS_KEPT; i++) await jobs.spec(cid(i))
    await jobs.spec(cid(0)) // used again: now the most recent
    await jobs.spec(cid(SPECS_KEPT)) // evicts spec 1, the least recently used
    fetched.length = 0
    await jobs.spec(cid(0))
    expect(fetched).toEqual([])
    await jobs.spec(cid(1))
    expect(fetched).toEqual([cid(1)])
  })
})

describe('JobLoader: what a job costs (cost)', () => {
  const good = {
    name: 'digits',
    version: '1.0.0',
    description: 'test',
    params: { type: 'object' },
    output: { image: { width: 8, height: 8, channels: 1 }, label: { type: 'integer' } },
    computeUnitsPerSample: 20,
  }
  function costLoader(generatorJson: unknown) {
    const enc = new TextEncoder()
    const fetched: { path: string; timeoutMs: number }[] = []
    const content = {
      get: async () => enc.encode(JSON.stringify(spec)),
      getFile: async (_cid: string, path: string, options: { timeoutMs: number }) => {
        fetched.push({ path, timeoutMs: options.timeoutMs })
        return enc.encode(JSON.stringify(generatorJson))
      },
    }
    const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
    return { jobs: new JobLoader(content as never, { workers: 1, fetchTimeoutMs: 60_000, logger }), fetched }
  }

  it('reads the spec and generator.json alone, within the given timeout, once per bundle', async () => {
    const { jobs, fetched } = costLoader(good)
    expect(await jobs.cost(specCid, { timeoutMs: 5_000 })).toEqual({ spec, unitsPerSample: 20 })
    await jobs.cost(specCid)
    expect(fetched).toEqual([{ path: 'generator.json', timeoutMs: 5_000 }])
  })

  it('refuses a generator.json the engine would refuse, for good (BAD_BUNDLE)', async () => {
    const error = await costLoader({ ...good, computeUnitsPerSample: 0 })
      .jobs.cost(specCid)
      .then(
        () => undefined,
        (e: unknown) => e as ExecutorError,
      )
    expect(error?.code).toBe('BAD_BUNDLE')
    expect(error?.message).toContain('computeUnitsPerSample')
    expect(isPermanentFailure(error)).toBe(true)
  })
})
