import schema from 'ponder:schema'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakePonderDb, type FakeDb } from './fakePonderDb'

// Each table holds 5,000 rows: more than any list may return (1-wei burns are cheap).
const ROWS = 5_000
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
type Body = Record<string, any>
let fake: FakeDb
// index.ts hands `db` to Ponder's handlers when imported: one object, delegating to this test's fake.
vi.mock('ponder:api', () => ({
  db: {
    select: (...args: unknown[]) => (fake.db as { select: (...a: unknown[]) => unknown }).select(...args),
    execute: (...args: unknown[]) => (fake.db as { execute: (...a: unknown[]) => unknown }).execute(...args),
  },
}))
vi.mock('ponder:schema', async () => ({ default: await import('../ponder.schema') }))
// Ponder's SQL and GraphQL handlers need a running Ponder; these tests read the /api routes only.
vi.mock('ponder', async (importOriginal) => ({
  ...(await importOriginal<typeof import('ponder')>()),
  client: () => async (_: unknown, next: () => Promise<void>) => next(),
  graphql: () => async (_: unknown, next: () => Promise<void>) => next(),
}))

const { default: app } = await import('../src/api/index')

beforeEach(() => {
  fake = createFakePonderDb(
    ROWS,
    new Map<unknown, () => Record<string, unknown>[]>([
      [schema.tokenStats, () => [{ id: 'ntk', totalSupply: 1n }]],
      [schema.buyer, () => [{ address: `0x${'ab'.repeat(20)}` }]],
    ]),
  )
})

describe('indexer API routes', () => {
  it('/api/token returns at most 1,000 rows per history, the newest, oldest first, and says which were cut', async () => {
    const res = await app.request('/api/token?holders=3')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Body
    for (const list of [
      'supplyHistory',
      'burnEpochs',
      'burns',
      'genesisAllocations',
      'shortfallSettlements',
      'leftoverReleases',
    ]) {
      expect(body[list], list).toHaveLength(1_000)
      expect(body.truncated[list], list).toBe(true)
    }
    expect(body.topHolders).toHaveLength(3)
    expect(body.listLimit).toBe(1_000)
    // Read newest first (the fake's row 0 is the newest), returned oldest first.
    expect(body.burns[0]).toEqual({ n: 999 })
    expect(body.burns[999]).toEqual({ n: 0 })
    expect(fake.reads.every((read) => read.table === schema.tokenStats || read.limit !== undefined)).toBe(true)
  })

  it('/api/buyers/:address bounds the purchases (newest first) and says when it cut them', async () => {
    const body = (await (await app.request(`/api/buyers/0x${'AB'.repeat(20)}`)).json()) as Body
    expect(body.address).toBe(`0x${'ab'.repeat(20)}`)
    expect(body.purchases).toHaveLength(100)
    expect(body.truncated).toEqual({ purchases: true })
    const few = (await (await app.request(`/api/buyers/0x${'ab'.repeat(20)}?limit=5`)).json()) as Body
    expect(few.purchases).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })))
    expect((await app.request(`/api/buyers/0x${'ab'.repeat(20)}?limit=101`)).status).toBe(400)
  })

  it('keys the cache by parsed parameters: junk query parameters and other spellings share one read', async () => {
    expect((await app.request('/api/token?holders=10&x=0')).headers.get('x-indexer-cache')).toBe('miss')
    const reads = fake.reads.length
    for (const path of ['/api/token', '/api/token?holders=10&x=1', '/api/token?x=2&holders=010', '/api/token?holders=1e1']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('x-indexer-cache'), path).toBe('hit')
    }
    expect(fake.reads.length).toBe(reads)
    expect((await app.request('/api/token?holders=0')).status).toBe(400)
  })
})
