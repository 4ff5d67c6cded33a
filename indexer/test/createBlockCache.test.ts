import { describe, expect, it } from 'vitest'
import { type CachedResponse, createBlockCache } from '../src/api/createBlockCache'

const ok = (body: string): CachedResponse => ({ status: 200, contentType: 'application/json', body })

/** A checkpoint source the test advances by hand, counting reads. */
function chain() {
  const state = { checkpoint: 'block-1', reads: 0, gate: undefined as Promise<void> | undefined }
  const readCheckpoint = async () => {
    state.reads++
    const seen = state.checkpoint
    await state.gate
    return seen
  }
  return { state, readCheckpoint }
}

describe('createBlockCache', () => {
  it('computes once per checkpoint and again after the next indexed block', async () => {
    const { state, readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint })
    let computed = 0
    const compute = async () => ok(`answer ${++computed} at ${state.checkpoint}`)
    expect(await cache.get('a', compute)).toMatchObject({ body: 'answer 1 at block-1', hit: false })
    expect(await cache.get('a', compute)).toMatchObject({ body: 'answer 1 at block-1', hit: true })
    expect((await cache.get('b', compute)).body).toBe('answer 2 at block-1')
    state.checkpoint = 'block-2'
    expect((await cache.get('a', compute)).body).toBe('answer 3 at block-2')
    expect(cache.checkpoint()).toBe('block-2')
  })

  it('shares one computation between concurrent requests', async () => {
    const { readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint })
    let computed = 0
    const compute = () => new Promise<CachedResponse>((resolve) => setTimeout(() => resolve(ok(String(++computed))), 20))
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get('q', compute)))
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['1']))
    expect(computed).toBe(1)
  })

  it('never answers a request with a checkpoint read that started before it arrived', async () => {
    const { state, readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint })
    let release!: () => void
    state.gate = new Promise((resolve) => (release = resolve))
    const early = cache.get('q', async () => ok(`at ${state.checkpoint}`))
    // Block 2 is indexed while the first read is in flight; a request arriving now must see it.
    state.checkpoint = 'block-2'
    const late = cache.get('q', async () => ok(`at ${state.checkpoint}`))
    const alsoLate = cache.get('q', async () => ok(`at ${state.checkpoint}`))
    release()
    state.gate = undefined
    expect((await early).body).toBe('at block-2')
    expect((await late).body).toBe('at block-2')
    expect((await alsoLate).body).toBe('at block-2')
    expect(cache.checkpoint()).toBe('block-2')
    // The two late requests shared one read: reads are coalesced, not repeated per request.
    expect(state.reads).toBe(2)
  })

  it('does not keep failures, errors or uncacheable answers', async () => {
    const { readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint })
    let calls = 0
    await expect(cache.get('x', async () => Promise.reject(new Error(`boom ${++calls}`)))).rejects.toThrow('boom 1')
    expect((await cache.get('x', async () => ok(`fine ${++calls}`))).body).toBe('fine 2')
    expect((await cache.get('y', async () => ({ ...ok('timeout'), status: 503 }))).status).toBe(503)
    expect((await cache.get('y', async () => ok('recovered'))).body).toBe('recovered')
    expect((await cache.get('z', async () => ({ ...ok('errors'), cacheable: false }))).body).toBe('errors')
    expect((await cache.get('z', async () => ok('data'))).body).toBe('data')
  })

  it('stops storing beyond maxEntries per checkpoint', async () => {
    const { readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint, maxEntries: 2 })
    let computed = 0
    const compute = async () => ok(String(++computed))
    await cache.get('a', compute)
    await cache.get('b', compute)
    await cache.get('c', compute)
    await cache.get('c', compute)
    expect(computed).toBe(4)
    await cache.get('a', compute)
    expect(computed).toBe(4)
  })

  it('serves but does not keep an answer over maxEntryBytes (its key counted too)', async () => {
    const { readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint, maxEntryBytes: 100, maxTotalBytes: 1_000 })
    let computed = 0
    const sized = (bytes: number) => async () => ok(`${++computed}`.padEnd(bytes, '.'))
    // Key 'big' (3 bytes) + 98: over 100, answered every time from a fresh computation.
    expect(await cache.get('big', sized(98))).toMatchObject({ body: expect.stringMatching(/^1\./), hit: false })
    expect(await cache.get('big', sized(98))).toMatchObject({ body: expect.stringMatching(/^2\./), hit: false })
    // 3 + 97 = 100: kept. Bytes are UTF-8 bytes, not characters: 'é' is 2.
    expect((await cache.get('fit', sized(97))).hit).toBe(false)
    expect((await cache.get('fit', sized(97))).hit).toBe(true)
    expect((await cache.get('utf', async () => ok('é'.repeat(49)))).hit).toBe(false)
    expect((await cache.get('utf', async () => ok('again'))).body).toBe('again')
  })

  it('keeps at most maxTotalBytes per checkpoint, evicting the least recently used answers first', async () => {
    const { state, readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint, maxEntryBytes: 100, maxTotalBytes: 250 })
    let computed = 0
    // Each answer is 1 + 99 = 100 bytes: two fit in 250, a third evicts one.
    const compute = async () => ok(`${++computed}`.padEnd(99, '.'))
    await cache.get('a', compute)
    await cache.get('b', compute)
    expect((await cache.get('a', compute)).hit).toBe(true) // 'a' used last: 'b' is now the oldest
    await cache.get('c', compute)
    expect(computed).toBe(3)
    expect((await cache.get('a', compute)).hit).toBe(true)
    expect((await cache.get('c', compute)).hit).toBe(true)
    expect((await cache.get('b', compute)).hit).toBe(false) // evicted; computed and kept again, evicting 'a'
    expect(computed).toBe(4)
    expect((await cache.get('a', compute)).hit).toBe(false)
    // A new checkpoint starts with an empty budget.
    state.checkpoint = 'block-2'
    for (const key of ['x', 'y']) expect((await cache.get(key, compute)).hit).toBe(false)
    for (const key of ['x', 'y']) expect((await cache.get(key, compute)).hit).toBe(true)
  })

  it('does not count answers it did not keep against the byte budget', async () => {
    const { readCheckpoint } = chain()
    const cache = createBlockCache({ readCheckpoint, maxEntryBytes: 100, maxTotalBytes: 200 })
    const big = async () => ok('x'.repeat(150))
    for (let i = 0; i < 10; i++) await cache.get(`big${i}`, big)
    for (let i = 0; i < 10; i++) await cache.get(`err${i}`, async () => ({ ...ok('x'.repeat(90)), status: 500 }))
    await cache.get('a', async () => ok('x'.repeat(90)))
    await cache.get('b', async () => ok('x'.repeat(90)))
    expect((await cache.get('a', async () => ok('recomputed'))).hit).toBe(true)
    expect((await cache.get('b', async () => ok('recomputed'))).hit).toBe(true)
  })

  it('answers uncached while the checkpoint cannot be read (before Ponder has created its tables)', async () => {
    let ready = false
    const cache = createBlockCache({
      readCheckpoint: async () => {
        if (!ready) throw new Error('relation "_ponder_checkpoint" does not exist')
        return 'block-1'
      },
    })
    let computed = 0
    const compute = async () => ok(String(++computed))
    expect(await cache.get('a', compute)).toMatchObject({ body: '1', hit: false })
    expect(await cache.get('a', compute)).toMatchObject({ body: '2', hit: false })
    ready = true
    expect(await cache.get('a', compute)).toMatchObject({ body: '3', hit: false })
    expect(await cache.get('a', compute)).toMatchObject({ body: '3', hit: true })
  })
})
