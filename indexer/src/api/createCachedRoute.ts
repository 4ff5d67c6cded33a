// GET routes answered from the per-checkpoint cache (createBlockCache). The cache key is the route's
// name and its parameters as the route parsed them, never the raw URL: a junk query parameter
// (?holders=10&x=1), another spelling of the same value (?holders=010, an address in upper case) or
// a parameter the route does not read all share one entry, so they cannot force a fresh database
// read each. A parameter that does not parse is answered at once, without the cache or the database.
import type { Context } from 'hono'
import type { BlockCache, CachedResponse } from './createBlockCache'

/** A route's parsed parameters: the only inputs of its answer, and so its cache key. */
export type RouteParams = Record<string, string | number | bigint | boolean | null>
/**
 * What a route's parser returns: the parameters, or the 400 (or other) answer for a bad request. Both
 * keys are declared on both branches so that TypeScript infers `P` from a parser returning either.
 */
export type ParsedParams<P extends RouteParams> = { params: P; error?: undefined } | { error: CachedResponse; params?: undefined }

export type CachedRoute = <P extends RouteParams>(
  /** Names the route in cache keys (e.g. 'token'); unique per route. */
  name: string,
  parse: (c: Context) => ParsedParams<P>,
  compute: (params: NoInfer<P>) => Promise<CachedResponse>,
) => (c: Context) => Promise<Response>

/** `x-indexer-cache` tells whether the answer came from the per-block cache (hit) or the database (miss). */
export const sendCached = (c: Context, response: CachedResponse & { hit?: boolean }) =>
  c.body(response.body, response.status as 200, {
    'content-type': response.contentType,
    ...(response.hit === undefined ? {} : { 'x-indexer-cache': response.hit ? 'hit' : 'miss' }),
  })

export function createCachedRoute(cache: BlockCache): CachedRoute {
  return (name, parse, compute) => async (c) => {
    const { params, error } = parse(c)
    if (error) return sendCached(c, error)
    const key = `GET ${name} ${JSON.stringify(params, (_, value) => (typeof value === 'bigint' ? value.toString() : value))}`
    return sendCached(c, await cache.get(key, () => compute(params)))
  }
}
