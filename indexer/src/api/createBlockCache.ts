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
  /** Largest answer kept (its key and body, in UTF-8 bytes); a larger one is served but not stored. */
  maxEntryBytes?: number
  /** Most bytes kept per checkpoint, keys and bodies together; beyond it the least recently used answers go. */
  maxTotalBytes?: number
}

/**
 * The byte budgets. Keys are client text (raw SQL, GraphQL documents up to 64 KiB) and answers can
 * be large (a /sql/db SELECT, a 10,000-row GraphQL page), so a count of entries alone bounds
 * nothing: 1,000 answers of 4 MiB are 4 GiB. The largest answer the dApp polls, /api/token with
 * every history at its 1,000 rows, is under 2 MiB, so 4 MiB keeps it (and any /sql/db answer, which
 * index.ts caps at that size); 64 MiB keeps at least 16 of the largest, thousands of typical ones.
 */
export const BLOCK_CACHE_MAX_ENTRY_BYTES = 4 * 1024 * 1024
export const BLOCK_CACHE_MAX_TOTAL_BYTES = 64 * 1024 * 1024

/** One checkpoint's answers; a computation that ends after the next checkpoint updates its own, discarded one. */
type Generation = {
  checkpoint: string
  entries: Map<string, Promise<CachedResponse>>
  /** Bytes of each stored answer, least recently used first (Map keeps insertion order). */
  sizes: Map<string, number>
  bytes: number
}

export function createBlockCache({
  readCheckpoint,
  maxEntries = 1_000,
  maxEntryBytes = BLOCK_CACHE_MAX_ENTRY_BYTES,
  maxTotalBytes = BLOCK_CACHE_MAX_TOTAL_BYTES,
}: BlockCacheOptions): BlockCache {
  let current: Generation | undefined
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

  const forget = (generation: Generation, key: string) => {
    generation.entries.delete(key)
    generation.bytes -= generation.sizes.get(key) ?? 0
    generation.sizes.delete(key)
  }

  /** Keeps a computed answer within the byte budgets, or forgets it. */
  const account = (generation: Generation, key: string, response: CachedResponse) => {
    // Only successes are shared: an error (a timeout, a database hiccup) is retried by the next request.
    if (response.status !== 200 || response.cacheable === false) return forget(generation, key)
    const size = Buffer.byteLength(key) + Buffer.byteLength(response.body)
    if (size > maxEntryBytes) return forget(generation, key)
    generation.sizes.set(key, size)
    generation.bytes += size
    for (const [oldest] of generation.sizes) {
      if (generation.bytes <= maxTotalBytes) break
      forget(generation, oldest)
    }
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
      if (checkpoint !== current?.checkpoint) current = { checkpoint, entries: new Map(), sizes: new Map(), bytes: 0 }
      const generation = current
      const cached = generation.entries.get(key)
      if (cached) {
        // Used again: the last to be evicted.
        const size = generation.sizes.get(key)
        if (size !== undefined) {
          generation.sizes.delete(key)
          generation.sizes.set(key, size)
        }
        return { ...(await cached), hit: true }
      }
      const answer = compute()
      if (generation.entries.size < maxEntries) {
        generation.entries.set(key, answer)
        answer.then(
          (response) => account(generation, key, response),
          () => forget(generation, key),
        )
      }
      return { ...(await answer), hit: false }
    },
    checkpoint: () => current?.checkpoint,
  }
}
