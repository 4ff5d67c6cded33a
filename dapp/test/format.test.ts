import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { countries } from '../src/lib/countries'
import { formatAmount, formatBps, formatDuration, formatNtk } from '../src/lib/format'
import { parseEthInput } from '../src/lib/parseEthInput'

describe('formatting', () => {
  it('groups thousands and truncates (never rounds up) decimals', () => {
    expect(formatNtk(parseEther('60000000'), 0)).toBe('60,000,000 NTK')
    expect(formatAmount(parseEther('9997.99999'))).toBe('9,997.9999')
    expect(formatAmount(parseEther('0.00001'))).toBe('0')
    expect(formatAmount(-parseEther('1234.5'))).toBe('-1,234.5')
  })

  it('formats basis points and durations', () => {
    expect(formatBps(1500)).toBe('15%')
    expect(formatBps(250)).toBe('2.5%')
    expect(formatDuration(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5)).toBe('2d 03h 04m 05s')
    expect(formatDuration(65)).toBe('1m 05s')
    expect(formatDuration(5)).toBe('5s')
    expect(formatDuration(-5)).toBe('0s')
  })
})

describe('parseEthInput', () => {
  it('parses decimal ETH amounts to wei', () => {
    expect(parseEthInput(' 2 ')).toEqual({ wei: parseEther('2') })
    expect(parseEthInput('.5')).toEqual({ wei: parseEther('0.5') })
    expect(parseEthInput('')).toEqual({})
  })

  it('explains what is wrong with bad input', () => {
    expect(parseEthInput('1,5').error).toBe('Enter a number of ETH, e.g. 1.5')
    expect(parseEthInput('abc').error).toBe('Enter a number of ETH, e.g. 1.5')
    expect(parseEthInput('0').error).toBe('Enter an amount greater than zero.')
    expect(parseEthInput(`0.${'1'.repeat(19)}`).error).toBe('ETH has at most 18 decimals.')
  })
})

describe('countries', () => {
  it('lists every ISO 3166-1 code once with an English name', () => {
    expect(countries).toHaveLength(249)
    expect(new Set(countries.map((c) => c.code)).size).toBe(249)
    expect(countries.find((c) => c.code === 'DE')?.name).toBe('Germany')
    expect(countries.find((c) => c.code === 'CN')?.name).toBe('China')
  })
})
