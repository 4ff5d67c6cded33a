import type { Address } from 'viem'

/** Token figures from the indexer (bigints as decimal strings, addresses lower-case). */
export type TokenIndex = {
  tokenStats: { totalSupply: string; totalBurned: string; holderCount: number } | null
  holders: { items: { address: Address; balance: string }[] }
  supplyPoints: { items: { timestamp: string; totalSupply: string }[] }
}

export const tokenIndexQuery = `{
  tokenStats(id: "ntk") { totalSupply totalBurned holderCount }
  holders(where: { balance_gt: "0" }, orderBy: "balance", orderDirection: "desc", limit: 10) { items { address balance } }
  supplyPoints(orderBy: "timestamp", orderDirection: "asc", limit: 1000) { items { timestamp totalSupply } }
}`
