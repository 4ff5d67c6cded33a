import { countryCodes } from '@neuromation/sdk'
import { describe, expect, it } from 'vitest'
import { evaluateEligibility } from './evaluateEligibility'
import { restrictedJurisdictions } from './restrictedJurisdictions'

const limits = { accreditedWei: 15_000n * 10n ** 18n, retailWei: 100n * 10n ** 18n }
const usPersons = ['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']
const alwaysRefused = ['CU', 'IR', 'KP', 'SY', 'CN', 'HK']

describe('restricted jurisdiction table', () => {
  it('lists the required jurisdictions, each once, with an assigned ISO code, a name and a reason', () => {
    const codes = restrictedJurisdictions.map((j) => j.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of [...alwaysRefused, ...usPersons]) expect(codes).toContain(code)
    for (const j of restrictedJurisdictions) {
      expect(countryCodes.has(j.code), j.code).toBe(true)
      expect(j.name.length).toBeGreaterThan(2)
      expect(j.reason.length).toBeGreaterThan(30)
    }
  })

  it('allows accredited investors only for US persons', () => {
    const accreditedAllowed = restrictedJurisdictions.filter((j) => j.accreditedAllowed).map((j) => j.code)
    expect(accreditedAllowed.sort()).toEqual([...usPersons].sort())
  })
})

describe('evaluateEligibility', () => {
  it.each(restrictedJurisdictions.map((j) => [j.code, j] as const))(
    'refuses non-accredited buyers from %s with the reason',
    (code, j) => {
      const result = evaluateEligibility({ country: code, accredited: false }, limits)
      expect(result).toMatchObject({ eligible: false, code: 'RESTRICTED_JURISDICTION', country: code })
      if (result.eligible) throw new Error('unreachable')
      expect(result.message).toContain(j.name)
      expect(result.message).toContain(j.reason)
    },
  )

  it.each(alwaysRefused.concat('RU', 'BY', 'MM'))('refuses %s even for accredited investors', (code) => {
    expect(evaluateEligibility({ country: code, accredited: true }, limits).eligible).toBe(false)
  })

  it.each(usPersons)('allows accredited US persons from %s at the accredited limit', (code) => {
    expect(evaluateEligibility({ country: code, accredited: true }, limits)).toEqual({
      eligible: true,
      limitWei: limits.accreditedWei,
      tier: 'accredited',
    })
  })

  it('tells a non-accredited US person that declaring accreditation would qualify', () => {
    const result = evaluateEligibility({ country: 'US', accredited: false }, limits)
    expect(!result.eligible && result.message).toMatch(/accredited investor, declare it/)
    const cuba = evaluateEligibility({ country: 'CU', accredited: false }, limits)
    expect(!cuba.eligible && cuba.message).not.toMatch(/declare it/)
  })

  it('gives other countries the retail or accredited limit by declaration', () => {
    expect(evaluateEligibility({ country: 'DE', accredited: false }, limits)).toEqual({
      eligible: true,
      limitWei: limits.retailWei,
      tier: 'retail',
    })
    expect(evaluateEligibility({ country: 'SG', accredited: true }, limits)).toEqual({
      eligible: true,
      limitWei: limits.accreditedWei,
      tier: 'accredited',
    })
    // Ukraine is allowed: occupied regions cannot be expressed by a country code (see the table).
    expect(evaluateEligibility({ country: 'UA', accredited: false }, limits).eligible).toBe(true)
  })
})
