import type { Address } from 'viem'

/** A purchase row as the indexer's GraphQL returns it (bigints as decimal strings). */
export type IndexedPurchase = {
  id: string
  payer: Address
  beneficiary: Address
  phase: string
  weiAccepted: string
  refundWei: string
  tokens: string
  bonusTokens: string
  bonusBps: number
  timestamp: string
  txHash: string
}

export type PurchasePage = { purchases: { items: IndexedPurchase[]; totalCount: number } }

const fields = 'id payer beneficiary phase weiAccepted refundWei tokens bonusTokens bonusBps timestamp txHash'

/** Newest purchases, optionally for one beneficiary (addresses are matched lower-case, as Ponder stores them). */
export function purchasesQuery({ beneficiary, limit }: { beneficiary?: Address; limit: number }): string {
  if (beneficiary && !/^0x[0-9a-fA-F]{40}$/.test(beneficiary)) throw new Error(`not an address: ${beneficiary}`)
  const where = beneficiary ? `where: { beneficiary: "${beneficiary.toLowerCase()}" }, ` : ''
  return `{ purchases(${where}orderBy: "timestamp", orderDirection: "desc", limit: ${limit}) { items { ${fields} } totalCount } }`
}
