import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './createRateLimiter'

describe('createRateLimiter', () => {
  it('allows a burst, then one request per refill interval', () => {
    let t = 0
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => t })
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false])
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 1_000 })
    t = 500
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 500 })
    t = 1_000
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    // A long pause refills up to the burst, not beyond.
    t = 1_000_000
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false])
  })

  it('keeps one bucket per client', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, now: () => 0 })
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    expect(limiter.take('b').allowed).toBe(true)
  })

  it('bounds its memory: idle (full) buckets go first, then the oldest', () => {
    let t = 0
    const limiter = createRateLimiter({ perMinute: 60, burst: 2, maxClients: 3, now: () => t })
    limiter.take('idle')
    limiter.take('busy')
    limiter.take('busy')
    t = 1_000 // 'idle' is full again, 'busy' has 1 of 2
    limiter.take('c')
    expect(limiter.size).toBe(3)
    limiter.take('d') // evicts 'idle' and the refilled ones
    expect(limiter.size).toBeLessThanOrEqual(3)
    // 'busy' kept its state: one token left, then refused.
    expect(limiter.take('busy').allowed).toBe(true)
    for (let i = 0; i < 10_000; i++) limiter.take(`flood-${i}`)
    expect(limiter.size).toBeLessThanOrEqual(3)
  })

  it('refuses a nonsensical configuration', () => {
    expect(() => createRateLimiter({ perMinute: 0, burst: 1 })).toThrow(RangeError)
    expect(() => createRateLimiter({ perMinute: 1, burst: 0 })).toThrow(RangeError)
  })
})
