import schema from 'ponder:schema'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createBlockCache } from '../src/api/createBlockCache'
import { createCachedRoute } from '../src/api/createCachedRoute'
import { createFakePonderDb, type FakeDb } from './fakePonderDb'

// Each table holds 5,000 rows: more than any list may return.
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

const { marketRoutes } = await import('../src/api/marketRoutes')

const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
})
const parseLimit = (raw: string | undefined, fallback: number) => {
  if (raw === undefined) return fallback
  const value = Number(raw)
  return Number.isInteger(value) && value >= 1 && value <= 100 ? value : undefined
}

function app() {
  const cached = createCachedRoute(createBlockCache({ readCheckpoint: async () => 'block-1' }))
  return marketRoutes({ cached, json, parseLimit, maxList: 100 })
}

beforeEach(() => {
  const job = { id: 1n, taskCount: 6_000, replication: 1, tasksAccepted: 0, tasksSettled: 0, tasksUnassigned: 0 }
  fake = createFakePonderDb(
    ROWS,
    new Map<unknown, (columns: boolean) => Record<string, unknown>[]>([
      [schema.job, () => [job]],
      [
        schema.assignment,
        (columns) => (columns ? [{ status: 'Accepted', tasks: '6000' }] : Array.from({ length: ROWS }, (_, n) => ({ n }))),
      ],
    ]),
  )
})

describe('marketRoutes', () => {
  it('/api/jobs/:id bounds every list, says which were cut, and pages assignments with ?offset=', async () => {
    const res = await app().request('/api/jobs/1')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Body
    for (const list of ['assignments', 'groups', 'challenges', 'verifiers', 'slashes']) expect(body[list]).toHaveLength(1_000)
    expect(body.truncated).toEqual({ assignments: true, groups: true, challenges: true, verifiers: true, slashes: true })
    expect(body.listLimit).toBe(1_000)
    expect(body.nextOffset).toBe(1_000)
    // Progress counts every assignment (in the database), not only the page.
    expect(body.progress.tasksByStatus).toEqual({ Accepted: 6_000 })

    const last = (await (await app().request('/api/jobs/1?offset=4500')).json()) as Body
    expect(last.assignments).toHaveLength(500)
    expect(last.assignments[0]).toEqual({ n: 4_500 })
    expect(last.truncated.assignments).toBe(false)
    expect(last.nextOffset).toBeNull()
    expect((await app().request('/api/jobs/1?offset=-1')).status).toBe(400)
    expect((await app().request('/api/jobs/1?offset=1e3')).status).toBe(400)
  })

  it('keys the cache by parsed parameters: junk query parameters and spellings share one read', async () => {
    const routes = app()
    const first = await routes.request('/api/executors?limit=10')
    expect(first.headers.get('x-indexer-cache')).toBe('miss')
    const reads = fake.reads.length
    for (const path of [
      '/api/executors?limit=10&x=1',
      '/api/executors?x=2&limit=10&sort=stake',
      '/api/executors?limit=10&limit=11',
    ]) {
      const res = await routes.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-indexer-cache')).toBe('hit')
    }
    expect(fake.reads.length).toBe(reads)
    // An address in another case is the same executor, and the same entry.
    const lower = `0x${'ab'.repeat(20)}`
    expect((await routes.request(`/api/executors/${lower}?junk=1`)).headers.get('x-indexer-cache')).toBe('miss')
    expect(
      (await routes.request(`/api/executors/${lower.toUpperCase().replace('0X', '0x')}`)).headers.get('x-indexer-cache'),
    ).toBe('hit')
    // A bad parameter is refused without a read.
    const before = fake.reads.length
    expect((await routes.request('/api/executors?sort=constructor')).status).toBe(400)
    expect(fake.reads.length).toBe(before)
  })
})
