import { type Address, isAddressEqual } from 'viem'

export type Recipients = { platform: Address; liquidityReserve: Address; marketing: Address; partners: Address }

/**
 * The four recipients of the raised ETH and their shares, as TokenSale.finalize() splits it
 * (its PLATFORM/LIQUIDITY/MARKETING/PARTNERS_BPS constants are private, so the ITokenSale NatSpec
 * is the source). The platform also takes the rounding dust and any later sweep().
 */
const roles = [
  { key: 'platform', label: 'platform', shareBps: 4_000 },
  { key: 'liquidityReserve', label: 'liquidity reserve', shareBps: 4_000 },
  { key: 'marketing', label: 'marketing', shareBps: 1_000 },
  { key: 'partners', label: 'partners', shareBps: 1_000 },
] as const satisfies readonly { key: keyof Recipients; label: string; shareBps: number }[]

export type RecipientRole = (typeof roles)[number]

/** The roles `account` holds among the sale's recipients (one account may hold several). */
export function recipientRoles(recipients: Recipients, account: Address): RecipientRole[] {
  return roles.filter((role) => isAddressEqual(recipients[role.key], account))
}
