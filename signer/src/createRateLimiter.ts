/**
 * A token bucket per client: each holds up to `burst` tokens, refilled at `perMinute`; a request
 * takes one. Buckets live in memory (one signer process), bounded by `maxClients`: a full bucket
 * is the same as none, so idle ones are dropped first, then the oldest.
 */
export type RateLimiter = {
  /** Takes a token for `client`; when none is left, how long until one is. */
  take: (client: string) => { allowed: true } | { allowed: false; retryAfterMs: number }
  /** Clients with a bucket in memory (for tests and metrics). */
  readonly size: number
}

export type RateLimiterOptions = {
  perMinute: number
  burst: number
  maxClients?: number
  /** Clock in ms (tests drive it). */
  now?: () => number
}

export function createRateLimiter({ perMinute, burst, maxClients = 10_000, now = Date.now }: RateLimiterOptions): RateLimiter {
  if (!(perMinute > 0) || !(burst >= 1))
    throw new RangeError(`rate limit needs perMinute > 0 and burst >= 1 (got ${perMinute}, ${burst})`)
  const perMs = perMinute / 60_000
  const buckets = new Map<string, { tokens: number; atMs: number }>()

  const level = (bucket: { tokens: number; atMs: number }, at: number) =>
    Math.min(burst, bucket.tokens + (at - bucket.atMs) * perMs)

  const evict = (at: number) => {
    for (const [client, bucket] of buckets) {
      if (level(bucket, at) >= burst) buckets.delete(client)
    }
    // Still full of active clients (a flood from many addresses): forget the oldest, which
    // at worst gives them a fresh burst.
    for (const client of buckets.keys()) {
      if (buckets.size < maxClients) break
      buckets.delete(client)
    }
  }

  return {
    take(client) {
      const at = now()
      let bucket = buckets.get(client)
      if (!bucket) {
        if (buckets.size >= maxClients) evict(at)
        bucket = { tokens: burst, atMs: at }
        buckets.set(client, bucket)
      }
      bucket.tokens = level(bucket, at)
      bucket.atMs = at
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { allowed: true }
      }
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) }
    },
    get size() {
      return buckets.size
    },
  }
}
