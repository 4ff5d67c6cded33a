import { describe, expect, it } from 'vitest'
import { countries, countryCodes, countryName, isCountryCode } from './countries'

describe('countries', () => {
  it('holds the 249 assigned ISO 3166-1 alpha-2 codes and refuses reserved ones', () => {
    expect(countryCodes.size).toBe(249)
    for (const code of ['DE', 'US', 'SG', 'AX', 'SS']) expect(isCountryCode(code)).toBe(true)
    for (const code of ['EU', 'UK', 'XK', 'ZZ', 'de', '']) expect(isCountryCode(code)).toBe(false)
  })

  it('names codes in English and lists every country sorted by name', () => {
    expect(countryName('DE')).toBe('Germany')
    expect(countryName('XK')).toBe('XK')
    expect(countries).toHaveLength(249)
    expect(countries.find((country) => country.code === 'CH')).toEqual({ code: 'CH', name: 'Switzerland' })
    const names = countries.map((country) => country.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')))
  })
})
