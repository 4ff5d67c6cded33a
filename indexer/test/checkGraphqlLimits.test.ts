import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkGraphqlLimits, type GraphqlLimits } from '../src/api/checkGraphqlLimits'

const limits: GraphqlLimits = { maxDepth: 8, maxComplexity: 10_000, maxListSize: 1_000 }
const root = join(import.meta.dirname, '..', '..')

/** buyer -> purchases -> buyer, `levels` times: the query that took 54 s and 1.3 GB on PGlite. */
const nestedBuyers = (levels: number, limit?: number) => {
  const args = limit === undefined ? '' : `(limit: ${limit})`
  let inner = 'address'
  for (let i = 0; i < levels; i++) inner = `address purchases${args} { items { buyer { ${inner} } } }`
  return `{ buyers${args} { items { ${inner} } } }`
}

describe('checkGraphqlLimits', () => {
  it("accepts the dApp's and the README's queries", () => {
    const readme = readFileSync(join(root, 'indexer', 'README.md'), 'utf8')
    const documented = /```graphql\n([\s\S]+?)```/.exec(readme)![1]
    expect(checkGraphqlLimits(documented, {}, limits)).toBeUndefined()
    const tokenQuery = `{
      tokenStats(id: "ntk") { totalSupply totalBurned holderCount }
      holders(where: { balance_gt: "0" }, orderBy: "balance", orderDirection: "desc", limit: 10) { items { address balance } }
      supplyPoints(orderBy: "timestamp", orderDirection: "asc", limit: 1000) { items { timestamp totalSupply } }
    }`
    expect(checkGraphqlLimits(tokenQuery, {}, limits)).toBeUndefined()
    expect(
      checkGraphqlLimits('query ($n: Int) { purchases(limit: $n) { items { id } totalCount } }', { n: 50 }, limits),
    ).toBeUndefined()
  })

  it('refuses buyer -> purchases -> buyer nested four levels deep, naming the limit and the fix', () => {
    const violation = checkGraphqlLimits(nestedBuyers(4), {}, limits)
    expect(violation).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
    expect(violation!.message).toMatch(/nests fields \d+ levels deep; the limit is 8\. Fetch nested lists with a second query/)
  })

  it('refuses a shallow query that multiplies list sizes past the complexity limit', () => {
    // Depth 7 passes, but 1000 buyers x 1000 purchases each (and a buyer lookup per purchase) is 2 million rows.
    const violation = checkGraphqlLimits(nestedBuyers(1, 1000), {}, limits)
    expect(violation).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    expect(violation!.message).toMatch(/may read up to 2002001 rows; the limit is 10000\. Lower the `limit` of nested lists/)
    // Default page size (50) nested twice: 50 x 50 rows and a buyer per purchase (about 5,100) is allowed.
    expect(checkGraphqlLimits(nestedBuyers(1), {}, limits)).toBeUndefined()
  })

  it('counts limits given through variables, fragments and aliases', () => {
    const viaVariable = checkGraphqlLimits(
      'query ($n: Int) { buyers(limit: $n) { items { purchases(limit: $n) { items { id } } } } }',
      { n: 500 },
      limits,
    )
    expect(viaVariable).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    const viaFragment = checkGraphqlLimits(
      'fragment P on buyer { purchases(limit: 1000) { items { id } } } { buyers(limit: 1000) { items { ...P } } }',
      {},
      limits,
    )
    expect(viaFragment).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i}: supplyPoints(limit: 1000) { items { delta } }`).join(' ')
    expect(checkGraphqlLimits(`{ ${aliases} }`, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
  })

  it('refuses a page larger than the list-size limit', () => {
    const violation = checkGraphqlLimits('{ holders(limit: 5000) { items { address } } }', {}, limits)
    expect(violation).toEqual({
      code: 'GRAPHQL_LIST_TOO_LARGE',
      message: '`holders` asks for limit 5000; the largest page is 1000. Page through with `after: pageInfo.endCursor`.',
    })
    expect(
      checkGraphqlLimits('{ holders(limit: 200) { items { address } } }', {}, { ...limits, maxListSize: 100 }),
    ).toMatchObject({
      code: 'GRAPHQL_LIST_TOO_LARGE',
    })
  })

  it("leaves introspection (GraphiQL's schema query) and syntax errors to Ponder", () => {
    const introspection = `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }`
    expect(checkGraphqlLimits(introspection, {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits('{ purchases { items { id }', {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits('fragment A on buyer { ...A } { buyers { items { ...A } } }', {}, limits)).toBeUndefined()
  })

  it('refuses documents with too many tokens before walking them', () => {
    const huge = `{ ${Array.from({ length: 1_100 }, (_, i) => `f${i}: __typename`).join(' ')} }`
    expect(checkGraphqlLimits(huge, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_MANY_TOKENS' })
  })
})
