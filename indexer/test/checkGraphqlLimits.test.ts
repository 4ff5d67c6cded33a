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

  it('applies variable defaults as graphql-js does, and counts an unresolvable limit as the largest page', () => {
    const query = 'query Q($l: Int = 1000) { buyers(limit: $l) { items { purchases(limit: $l) { items { id } } } } }'
    // Not given: the default (1000 x 1000 rows) applies.
    expect(checkGraphqlLimits(query, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    expect(checkGraphqlLimits(query, undefined, limits)).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    // Given: the request's value wins over the default.
    expect(checkGraphqlLimits(query, { l: 10 }, limits)).toBeUndefined()
    expect(checkGraphqlLimits('query ($l: Int = 5000) { holders(limit: $l) { items { address } } }', {}, limits)).toMatchObject({
      code: 'GRAPHQL_LIST_TOO_LARGE',
    })
    // No value and no default (or null): counted as the largest page, not as Ponder's default of 50.
    const undefaulted = 'query ($l: Int) { buyers(limit: $l) { items { purchases(limit: $l) { items { id } } } } }'
    expect(checkGraphqlLimits(undefaulted, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    expect(checkGraphqlLimits(undefaulted, { l: null }, limits)).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
  })

  it('judges fragments that spread the next one twice in linear time, and refuses them', () => {
    // F1 spreads F2 twice, F2 spreads F3 twice...: 2^n paths through a document of a few hundred bytes.
    for (const n of [22, 60]) {
      const fragments = Array.from({ length: n }, (_, i) =>
        i === n - 1
          ? `fragment F${i + 1} on Query { supplyPoints(limit: 1) { items { delta } } }`
          : `fragment F${i + 1} on Query { ...F${i + 2} ...F${i + 2} }`,
      ).join(' ')
      const query = `{ ...F1 } ${fragments}`
      const started = performance.now()
      const violation = checkGraphqlLimits(query, {}, limits)
      expect(performance.now() - started).toBeLessThan(100)
      // Each of the 2^(n-1) copies of the list costs 2 rows.
      expect(violation).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
      expect(violation!.message).toContain(`may read up to ${2 ** n} rows`)
    }
    // The same shape, kept small, is measured exactly and allowed.
    const small = '{ ...A } fragment A on Query { ...B ...B } fragment B on Query { holders(limit: 10) { items { address } } }'
    // Two copies of a list: 1 query + 10 rows each.
    expect(checkGraphqlLimits(small, {}, { ...limits, maxComplexity: 22 })).toBeUndefined()
    expect(checkGraphqlLimits(small, {}, { ...limits, maxComplexity: 21 })).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
  })

  it('measures a fragment spread under a list once per row, and keeps its depth', () => {
    const nested = 'fragment P on buyer { purchases(limit: 20) { items { id } } } { buyers(limit: 30) { items { ...P ...P } } }'
    // 1 + 30 buyers, then per buyer twice (1 + 20): 31 + 30 x 42.
    expect(checkGraphqlLimits(nested, {}, { ...limits, maxComplexity: 31 + 30 * 42 })).toBeUndefined()
    expect(checkGraphqlLimits(nested, {}, { ...limits, maxComplexity: 30 + 30 * 42 })).toMatchObject({
      code: 'GRAPHQL_TOO_COMPLEX',
    })
    // buyers > items > purchases > items > id: 5 levels.
    expect(checkGraphqlLimits(nested, {}, { ...limits, maxDepth: 5 })).toBeUndefined()
    expect(checkGraphqlLimits(nested, {}, { ...limits, maxDepth: 4 })).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
  })

  it('sees lists behind inline fragments and fragment spreads, as without them', () => {
    // The same 1000 x 1000 rows, written so that no `items` is a direct child of its connection.
    const plain = '{ buyers(limit: 1000) { items { purchases(limit: 1000) { items { id } } } } }'
    const viaInline =
      '{ buyers(limit: 1000) { ... on buyerPage { items { purchases(limit: 1000) { ... on purchasePage { items { id } } } } } } }'
    const viaNamed =
      'fragment B on buyerPage { items { purchases(limit: 1000) { ...P } } } fragment P on purchasePage { items { id } } { buyers(limit: 1000) { ...B } }'
    // A fragment that spreads another (named inside inline and back), two levels down.
    const nested =
      'fragment Outer on buyerPage { ... on buyerPage { ...Inner } } fragment Inner on buyerPage { ... { items { purchases(limit: 1000) { ... on purchasePage { ...Items } } } } } fragment Items on purchasePage { items { id } } { buyers(limit: 1000) { ...Outer } }'
    for (const query of [plain, viaInline, viaNamed, nested]) {
      const violation = checkGraphqlLimits(query, {}, limits)
      expect(violation, query).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
      // 1 + 1000 buyers, then per buyer 1 + 1000 purchases.
      expect(violation!.message, query).toContain('may read up to 1002001 rows')
    }
    // Depth is counted through fragments too: buyers > items > purchases > items > id.
    for (const query of [viaInline, viaNamed, nested]) {
      expect(checkGraphqlLimits(query, {}, { ...limits, maxComplexity: 10_000_000, maxDepth: 5 }), query).toBeUndefined()
      expect(checkGraphqlLimits(query, {}, { ...limits, maxComplexity: 10_000_000, maxDepth: 4 }), query).toMatchObject({
        code: 'GRAPHQL_TOO_DEEP',
      })
    }
  })

  it('applies the list-size limit behind fragments, and to a list that selects no items', () => {
    for (const query of [
      '{ holders(limit: 999999) { ... on holderPage { items { address } } } }',
      'fragment H on holderPage { items { address } } { holders(limit: 999999) { ...H } }',
      '{ buyers(limit: 10) { ... on buyerPage { items { p: purchases(limit: 999999) { ... { totalCount } } } } } }',
      // Ponder reads the page whatever is selected from it.
      '{ holders(limit: 999999) { __typename } }',
      'query ($n: Int) { holders(limit: $n) { ... on holderPage { pageInfo { hasNextPage } } } }',
    ]) {
      const violation = checkGraphqlLimits(query, { n: 5000 }, limits)
      expect(violation, query).toMatchObject({ code: 'GRAPHQL_LIST_TOO_LARGE' })
      expect(violation!.message, query).toMatch(/asks for limit (999999|5000); the largest page is 1000/)
    }
    expect(checkGraphqlLimits('{ holders(limit: -1) { ... on holderPage { totalCount } } }', {}, limits)).toMatchObject({
      code: 'GRAPHQL_NEGATIVE_LIMIT',
    })
    // A list whose page selects only __typename still reads its rows (Ponder's default 50 each).
    const typenameOnly = '{ buyers(limit: 100) { items { purchases { ... on purchasePage { __typename } } } } }'
    // 1 + 100 buyers, then per buyer 1 + 50 purchases.
    expect(checkGraphqlLimits(typenameOnly, {}, { ...limits, maxComplexity: 101 + 100 * 51 })).toBeUndefined()
    expect(checkGraphqlLimits(typenameOnly, {}, { ...limits, maxComplexity: 100 + 100 * 51 })).toMatchObject({
      code: 'GRAPHQL_TOO_COMPLEX',
    })
  })

  it('counts a fragment spread under several aliases at each of them, and judges many spreads quickly', () => {
    const fragment = 'fragment P on purchasePage { items { id buyer { address } } }'
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: purchases(limit: 1000) { ...P }`).join(' ')} } ${fragment}`
    // Each alias reads 1 + 1000 purchases and a buyer per purchase: 2001 rows.
    expect(checkGraphqlLimits(aliased(4), {}, limits)).toBeUndefined()
    const violation = checkGraphqlLimits(aliased(5), {}, limits)
    expect(violation).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
    expect(violation!.message).toContain('may read up to 10005 rows')
    // Aliased lists inside a fragment spread under aliased lists: 5 + 5 x 5 = 30 aliases (the most).
    const inner = `fragment I on buyer { ${Array.from({ length: 5 }, (_, i) => `p${i}: purchases(limit: 10) { items { id } }`).join(' ')} }`
    const outer = Array.from({ length: 5 }, (_, i) => `b${i}: buyers(limit: 2) { ... on buyerPage { items { ...I } } }`).join(' ')
    // Per outer alias: 1 + 2 buyers, each with 5 x (1 + 10) purchases: 113; 5 of them: 565.
    expect(checkGraphqlLimits(`{ ${outer} } ${inner}`, {}, { ...limits, maxComplexity: 565 })).toBeUndefined()
    expect(checkGraphqlLimits(`{ ${outer} } ${inner}`, {}, { ...limits, maxComplexity: 564 })).toMatchObject({
      code: 'GRAPHQL_TOO_COMPLEX',
    })
    // Inline fragments and spreads that double at every level (2^60 paths) are judged in linear time.
    const n = 60
    const chain = Array.from({ length: n }, (_, i) =>
      i === n - 1
        ? `fragment F${i + 1} on purchasePage { items { buyer { address } } }`
        : `fragment F${i + 1} on purchasePage { ... { ...F${i + 2} } ...F${i + 2} }`,
    ).join(' ')
    const started = performance.now()
    const doubled = checkGraphqlLimits(`{ purchases(limit: 1) { ...F1 } } ${chain}`, {}, limits)
    expect(performance.now() - started).toBeLessThan(100)
    // The page, then a buyer per row for each of the 2^59 copies of `items`.
    expect(doubled).toMatchObject({ code: 'GRAPHQL_TOO_COMPLEX' })
  })

  it("accepts the dApp's kind of queries written with fragments", () => {
    const query = `
      fragment Holder on holder { address balance }
      fragment Top on holderPage { items { ...Holder } totalCount pageInfo { hasNextPage endCursor } }
      {
        tokenStats(id: "ntk") { ... on tokenStats { totalSupply holderCount } }
        holders(orderBy: "balance", orderDirection: "desc", limit: 10) { ...Top }
        supplyPoints(limit: 1000) { ... on supplyPointPage { items { timestamp totalSupply } } }
        buyers(limit: 20) { items { address purchases(limit: 20) { ... on purchasePage { items { id } } } } }
      }`
    expect(checkGraphqlLimits(query, {}, limits)).toBeUndefined()
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

  it("leaves syntax errors and invalid fragments to Ponder, and lets GraphiQL's schema query through", () => {
    const introspection = `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }`
    expect(checkGraphqlLimits(introspection, {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits('{ purchases { items { id }', {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits('fragment A on buyer { ...A } { buyers { items { ...A } } }', {}, limits)).toBeUndefined()
    // __schema > types > fields > args > type > name, with nine `ofType` below: 6 levels.
    const graphiql = readFileSync(join(import.meta.dirname, 'support', 'graphiqlIntrospectionQuery.graphql'), 'utf8')
    expect(checkGraphqlLimits(graphiql, {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits(graphiql, {}, { ...limits, maxDepth: 6 })).toBeUndefined()
    expect(checkGraphqlLimits(graphiql, {}, { ...limits, maxDepth: 5 })).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
  })

  it('counts the depth of introspection like any field, except `ofType`', () => {
    // Each `fields` level multiplies the answer by every type's fields: the same limit as data applies.
    const deep = '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }'
    const violation = checkGraphqlLimits(deep, {}, limits)
    expect(violation).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
    expect(violation!.message).toMatch(
      /nests fields 10 levels deep; the limit is 8 \(introspection counts too, except `ofType`\)/,
    )
    // Through fragments, inline fragments and __type as well.
    const viaFragment =
      'fragment T on __Type { fields { type { fields { type { fields { type { fields { name } } } } } } } } { __type(name: "Query") { ...T } }'
    expect(checkGraphqlLimits(viaFragment, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
    expect(checkGraphqlLimits(viaFragment, {}, { ...limits, maxDepth: 9 })).toBeUndefined()
    const inline = '{ __schema { types { ... on __Type { fields { type { fields { type { fields { type { name } } } } } } } } } }'
    expect(checkGraphqlLimits(inline, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
    // A fragment spread both in data and in introspection is measured for each.
    const shared = 'fragment N on __Type { name } { __type(name: "buyer") { ...N } buyers { items { address } } }'
    expect(checkGraphqlLimits(shared, {}, { ...limits, maxDepth: 3 })).toBeUndefined()
    // `ofType` chains are free: the tester's query, 11 levels with them, is 5 without.
    const ofTypes = '{__schema{types{fields{type{ofType{ofType{ofType{ofType{ofType{ofType{name}}}}}}}}}}}'
    expect(checkGraphqlLimits(ofTypes, {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits(ofTypes, {}, { ...limits, maxDepth: 4 })).toMatchObject({ code: 'GRAPHQL_TOO_DEEP' })
    // Introspection reads no rows.
    expect(checkGraphqlLimits(deep, {}, { ...limits, maxDepth: 20, maxComplexity: 0 })).toBeUndefined()
  })

  it('refuses a negative limit, inline or through a variable, and allows 0', () => {
    expect(checkGraphqlLimits('{ executors(limit: -1) { items { address } } }', {}, limits)).toEqual({
      code: 'GRAPHQL_NEGATIVE_LIMIT',
      message: '`executors` asks for limit -1; a limit is a page size from 0 to 1000.',
    })
    expect(
      checkGraphqlLimits('query ($n: Int) { buyers { items { p: purchases(limit: $n) { items { id } } } } }', { n: -5 }, limits),
    ).toMatchObject({ code: 'GRAPHQL_NEGATIVE_LIMIT', message: expect.stringContaining('`p` asks for limit -5') })
    expect(checkGraphqlLimits('{ purchases(limit: 0) { totalCount } }', {}, limits)).toBeUndefined()
  })

  it('refuses documents with too many tokens before walking them', () => {
    const huge = `{ ${Array.from({ length: 1_100 }, (_, i) => `f${i}: __typename`).join(' ')} }`
    expect(checkGraphqlLimits(huge, {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_MANY_TOKENS' })
  })

  it("applies Ponder's token and alias limits itself, counted as Ponder counts them, so they answer 400", () => {
    // `{` + n x (`a<i>` `:` `__typename`) + `}`: 3n + 2 tokens, n aliases.
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`
    expect(checkGraphqlLimits(aliased(30), {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits(aliased(31), {}, limits)).toMatchObject({
      code: 'GRAPHQL_TOO_MANY_ALIASES',
      message: 'The query uses 31 aliases; the limit is 30 per operation. Split it into smaller queries.',
    })
    // A fragment's aliases count at each spread.
    const fragment = `fragment F on Query { ${Array.from({ length: 10 }, (_, i) => `b${i}: __typename`).join(' ')} }`
    expect(checkGraphqlLimits(`{ ...F ...F ...F } ${fragment}`, {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits(`{ ...F ...F ...F x: __typename } ${fragment}`, {}, limits)).toMatchObject({
      code: 'GRAPHQL_TOO_MANY_ALIASES',
    })
    // 1,000 tokens pass, 1,001 do not: `{` + 999 x `__typename` + `}` is 1,001.
    const fields = (n: number) => `{ ${Array.from({ length: n }, () => '__typename').join(' ')} }`
    expect(checkGraphqlLimits(fields(998), {}, limits)).toBeUndefined()
    expect(checkGraphqlLimits(fields(999), {}, limits)).toMatchObject({ code: 'GRAPHQL_TOO_MANY_TOKENS' })
  })
})
