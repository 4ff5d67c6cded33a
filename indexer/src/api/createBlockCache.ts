// Responses that depend only on indexed state are the same until the indexer commits its next
// block, so they are computed once per indexed checkpoint and shared by every request (200 req/s
// on /api/token becomes one database round trip per block). Correctness rests on two rules:
// - a request reads the checkpoint AFTER it arrived (it may share a read only with requests
//   that arrived while that read had not started), so a client that saw block N on /status never
//   gets an answer cached before block N;
// - an answer is stored under the checkpoint read before it was computed: it is at least that new.

export type CachedResponse = {
  status: number
  contentType: string
  body: string
  /** False for answers that must not be shared (e.g. GraphQL errors, which Ponder sends with 200). */
  cacheable?: boolean
}

export type BlockCache = {
  /** The cached answer for `key` at the current checkpoint, computing it (once) when missing. */
  get(key: string, compute: () => Promise<CachedResponse>): Promise<CachedResponse & { hit: boolean }>
  /** The checkpoint of the last read (for diagnostics and tests). */
  checkpoint(): string | undefined
}

export type BlockCacheOptions = {
  /** Reads the indexer's latest checkpoint; any string that changes with every indexed block. */
  readCheckpoint: () => Promise<string>
  /** Distinct requests kept per checkpoint; beyond it answers are computed but not stored. */
  maxEntries?: number
}

export function createBlockCache({ readCheckpoint, maxEntries = 1_000 }: BlockCacheOptions): BlockCache {
  let generation: string | undefined
  let entries = new Map<string, Promise<CachedResponse>>()
  let inFlight: Promise<string> | undefined
  let next: Promise<string> | undefined

  // Coalesces checkpoint reads without ever answering a request with a read that started before
  // the request arrived: while one read runs, later callers wait for the single next one.
  const currentCheckpoint = (): Promise<string> => {
    if (!inFlight) {
      inFlight = readCheckpoint().finally(() => {
        inFlight = undefined
      })
      return inFlight
    }
    next ??= inFlight
      .catch(() => undefined)
      .then(() => {
        next = undefined
        return currentCheckpoint()
      })
    return next
  }

  return {
    async get(key, compute) {
      let checkpoint: string
      try {
        checkpoint = await currentCheckpoint()
      } catch {
        // No checkpoint to key by (before Ponder created its tables, or a database hiccup): answer
        // uncached, so the route says what it would say without a cache (e.g. 503 "not indexed yet").
        return { ...(await compute()), hit: false }
      }
      if (checkpoint !== generation) {
        generation = checkpoint
        entries = new Map()
      }
      const cached = entries.get(key)
      if (cached) return { ...(await cached), hit: true }
      const answer = compute()
      // Only successes are shared: an error (a timeout, a database hiccup) is retried by the next request.
      const store = entries
      if (store.size < maxEntries) {
        store.set(key, answer)
        answer.then(
          (response) => {
            if (response.status !== 200 || response.cacheable === false) store.delete(key)
          },
          () => store.delete(key),
        )
      }
      return { ...(await answer), hit: false }
    },
    checkpoint: () => generation,
  }
}
