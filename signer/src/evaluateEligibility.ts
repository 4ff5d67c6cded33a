import { type RestrictedJurisdiction, restrictedJurisdictions } from './restrictedJurisdictions'

/** Per-beneficiary cumulative ETH limits (TokenSale enforces them across all vouchers). */
export type PurchaseLimits = { accreditedWei: bigint; retailWei: bigint }

export type Eligibility =
  | { eligible: true; limitWei: bigint; tier: 'accredited' | 'retail' }
  | { eligible: false; code: 'RESTRICTED_JURISDICTION'; message: string; country: string }

const byCode = new Map<string, RestrictedJurisdiction>(restrictedJurisdictions.map((j) => [j.code, j]))

/**
 * Applies the sale's jurisdiction policy to a buyer's declaration. `country` must already be a
 * validated, upper-case ISO 3166-1 alpha-2 code (the HTTP layer rejects unknown codes).
 */
export function evaluateEligibility(declaration: { country: string; accredited: boolean }, limits: PurchaseLimits): Eligibility {
  const { country, accredited } = declaration
  const restricted = byCode.get(country)
  if (restricted && !(restricted.accreditedAllowed && accredited)) {
    const hint = restricted.accreditedAllowed ? ' If you are an accredited investor, declare it to take part.' : ''
    return {
      eligible: false,
      code: 'RESTRICTED_JURISDICTION',
      message: `The NTK sale is not available in your declared country, ${restricted.name} (${country}). ${restricted.reason}${hint}`,
      country,
    }
  }
  return accredited
    ? { eligible: true, limitWei: limits.accreditedWei, tier: 'accredited' }
    : { eligible: true, limitWei: limits.retailWei, tier: 'retail' }
}
