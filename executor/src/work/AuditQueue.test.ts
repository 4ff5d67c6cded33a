import { describe, expect, it } from 'vitest'
import { AUDIT_QUEUE_MAX, AuditQueue } from './AuditQueue'

const entry = (id: number, challengeEnd: number) => ({
  assignmentId: BigInt(id),
  resultCid: `cid-${id}`,
  challengeEnd: BigInt(challengeEnd),
})

describe('AuditQueue', () => {
  it('serves the newest result first', () => {
    const q = new AuditQueue()
    q.add(entry(1, 100))
    q.add(entry(2, 300))
    q.add(entry(3, 200))
    expect(q.take(0n)?.assignmentId).toBe(2n)
    expect(q.take(0n)?.assignmentId).toBe(3n)
    expect(q.take(0n)?.assignmentId).toBe(1n)
    expect(q.take(0n)).toBeUndefined()
  })

  it('is bounded: past its cap the results ending soonest go', () => {
    const q = new AuditQueue()
    for (let i = 0; i < AUDIT_QUEUE_MAX + 500; i++) q.add(entry(i, 1_000 + i))
    expect(q.size).toBe(AUDIT_QUEUE_MAX)
    expect(q.take(0n)?.assignmentId).toBe(BigInt(AUDIT_QUEUE_MAX + 499))
    const small = new AuditQueue(2)
    small.add(entry(1, 500))
    small.add(entry(2, 100))
    small.add(entry(3, 300))
    expect([small.take(0n)?.assignmentId, small.take(0n)?.assignmentId, small.take(0n)]).toEqual([1n, 3n, undefined])
  })

  it('drops every result whose window has passed (or is within the margin) in one take', () => {
    const q = new AuditQueue()
    for (let i = 0; i < 50; i++) q.add(entry(i, 100 + i))
    q.add(entry(99, 1_000))
    expect(q.take(900n)?.assignmentId).toBe(99n)
    expect(q.size).toBe(0) // the 50 stale ones went in the same call
    q.add(entry(7, 1_000))
    expect(q.take(995n, 10n)).toBeUndefined()
    expect(q.size).toBe(0)
  })

  it('refuses results already past their window, and keeps one entry per assignment', () => {
    const q = new AuditQueue()
    q.add(entry(1, 100), 100n)
    expect(q.size).toBe(0)
    q.add(entry(2, 500), 100n)
    q.add({ ...entry(2, 600), resultCid: 'again' }, 100n)
    expect(q.size).toBe(1)
    expect(q.take(0n)?.resultCid).toBe('again')
  })
})
