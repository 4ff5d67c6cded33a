import { type Address, getAddress, isAddress, zeroAddress } from 'viem'

/**
 * A typed recipient address, or what is wrong with it. Mixed-case input must match its EIP-55
 * checksum (a typo in it is caught); all-lower or all-upper input carries no checksum. `refuse`
 * lists addresses that must not receive (e.g. the contract paying out), with the reason to show.
 */
export function parseAddressInput(
  text: string,
  refuse: { address: Address; reason: string }[] = [],
): { address?: Address; error?: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: 'Enter the address to send to.' }
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed)) return { error: 'Enter an address: 0x followed by 40 hexadecimal digits.' }
  if (!isAddress(trimmed, { strict: true }))
    return { error: 'This address fails its checksum: check it for a typo, or paste it again.' }
  const address = getAddress(trimmed)
  if (address === zeroAddress) return { error: 'The zero address cannot receive ETH: nobody could spend it.' }
  const refused = refuse.find((r) => r.address.toLowerCase() === address.toLowerCase())
  if (refused) return { error: refused.reason }
  return { address }
}
