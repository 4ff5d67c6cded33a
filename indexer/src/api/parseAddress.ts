import { isAddress } from 'viem'

/**
 * An address path parameter in any casing (checksummed or not), lower-cased as rows store it, or
 * the message of the 400 answer for one that is not an address.
 */
export function parseAddress(raw: string): { address: string; error?: undefined } | { address?: undefined; error: string } {
  return isAddress(raw, { strict: false })
    ? { address: raw.toLowerCase() }
    : { error: `"${raw}" is not an address: expected 0x followed by 40 hex digits` }
}
