import { anvilAccounts } from '@neuromation/sdk'
import { describe, expect, it } from 'vitest'
import { recipientRoles } from '../src/lib/recipientRoles'

// The recipients of script/config/local.json: #0 holds two roles, #9 marketing, #7 partners.
const recipients = {
  platform: anvilAccounts[0].address,
  liquidityReserve: anvilAccounts[0].address,
  marketing: anvilAccounts[9].address,
  partners: anvilAccounts[7].address,
} as const

describe('recipientRoles', () => {
  it('finds every role of an account, whatever the address case', () => {
    const roles = recipientRoles(recipients, anvilAccounts[0].address.toLowerCase() as `0x${string}`)
    expect(roles.map((role) => role.label)).toEqual(['platform', 'liquidity reserve'])
    expect(roles.reduce((sum, role) => sum + role.shareBps, 0)).toBe(8_000)
    expect(recipientRoles(recipients, anvilAccounts[9].address).map((role) => role.key)).toEqual(['marketing'])
  })

  it('gives no role to other accounts, and the shares add up to the whole', () => {
    expect(recipientRoles(recipients, anvilAccounts[5].address)).toEqual([])
    const all = [0, 7, 9].flatMap((i) => recipientRoles(recipients, anvilAccounts[i].address))
    expect(all.reduce((sum, role) => sum + role.shareBps, 0)).toBe(10_000)
  })
})
