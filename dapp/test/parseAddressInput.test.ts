import { zeroAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { parseAddressInput } from '../src/lib/parseAddressInput'

const checksummed = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('parseAddressInput', () => {
  it('accepts a checksummed or single-case address and returns it checksummed', () => {
    expect(parseAddressInput(` ${checksummed} `)).toEqual({ address: checksummed })
    expect(parseAddressInput(checksummed.toLowerCase())).toEqual({ address: checksummed })
  })

  it('names what is wrong: empty, malformed, bad checksum, zero address, refused', () => {
    expect(parseAddressInput('').error).toBe('Enter the address to send to.')
    expect(parseAddressInput('0x1234').error).toMatch(/40 hexadecimal digits/)
    expect(parseAddressInput(checksummed.replace('C51812dc', 'c51812dc')).error).toMatch(/checksum/)
    expect(parseAddressInput(zeroAddress).error).toMatch(/zero address/)
    expect(parseAddressInput(checksummed, [{ address: checksummed, reason: 'Not the sale itself.' }]).error).toBe(
      'Not the sale itself.',
    )
  })
})
