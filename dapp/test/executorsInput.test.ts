import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { parseCidInput, parseIntegerInput, parseNtkInput } from '../src/routes/executors/parseNodeInput'

describe('Executors page form input', () => {
  it('parses NTK amounts and refuses what is not one, zero, too precise, or above the limit', () => {
    expect(parseNtkInput('')).toEqual({})
    expect(parseNtkInput(' 12.5 ')).toEqual({ value: parseEther('12.5') })
    expect(parseNtkInput('abc').error).toMatch(/number of NTK/)
    expect(parseNtkInput('1e3').error).toMatch(/number of NTK/)
    expect(parseNtkInput('0').error).toMatch(/greater than zero/)
    expect(parseNtkInput('0.0000000000000000001').error).toMatch(/at most 18 decimals/)
    const max = { amount: parseEther('100'), what: 'your free stake (100 NTK)' }
    expect(parseNtkInput('100', max)).toEqual({ value: parseEther('100') })
    expect(parseNtkInput('100.000000000000000001', max).error).toBe('That is more than your free stake (100 NTK).')
  })

  it('parses whole numbers within bounds, naming the field', () => {
    expect(parseIntegerInput('42', 'Price', 1, 100)).toEqual({ value: 42 })
    expect(parseIntegerInput('', 'Price', 1, 100)).toEqual({})
    expect(parseIntegerInput('4.5', 'Capacity', 1, 100).error).toBe('Capacity must be a whole number.')
    expect(parseIntegerInput('-1', 'Capacity', 1, 100).error).toBe('Capacity must be a whole number.')
    expect(parseIntegerInput('0', 'Price', 1, 16_777_215).error).toBe('Price must be from 1 to 16,777,215.')
    expect(parseIntegerInput('16777216', 'Price', 1, 16_777_215).error).toMatch(/from 1 to 16,777,215/)
  })

  it('accepts CIDv0 and base32 CIDv1 and refuses anything else', () => {
    expect(parseCidInput('QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG').value).toBeDefined()
    expect(parseCidInput('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi').value).toBeDefined()
    expect(parseCidInput('not a cid').error).toMatch(/IPFS CID/)
    expect(parseCidInput(`b${'a'.repeat(130)}`).error).toMatch(/at most 128/)
  })
})
