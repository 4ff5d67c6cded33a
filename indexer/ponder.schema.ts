// The indexer's schema, split by domain under schema/ (sale, token, market).
// Ponder reads this file; the dApp imports it as `@neuromation/indexer/schema` to derive typed
// queries (@ponder/client + drizzle), so the tables are the one contract between the two.

export * from './schema/market'
export * from './schema/sale'
export * from './schema/token'
