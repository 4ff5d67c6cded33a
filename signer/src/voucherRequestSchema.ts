import { quoteInput } from '@neuromation/runtime'
import { isCountryCode } from '@neuromation/sdk'
import { getAddress, isAddress, zeroAddress } from 'viem'
import { z } from 'zod'

const fields = 'payer, beneficiary (optional), country, accredited'
const example = '{"payer":"0x…","country":"DE","accredited":false}'

// Mixed case means the sender meant an EIP-55 checksum; a wrong one usually is a typo.
function checksumOk(value: string): boolean {
  const hex = value.slice(2)
  const singleCase = hex === hex.toLowerCase() || hex === hex.toUpperCase()
  return singleCase || isAddress(value, { strict: true })
}

const address = (field: string, what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${field} is required: ${what} (0x followed by 40 hex digits)`
          : `${field} must be a string: ${what} (0x followed by 40 hex digits)`,
    })
    .refine((value) => isAddress(value, { strict: false }), {
      error: (issue) => `${field} ${quoteInput(issue.input)} is not an address: send 0x followed by 40 hex digits`,
      abort: true,
    })
    .refine(checksumOk, {
      error: `${field} has a wrong EIP-55 checksum (a typo?): send it correctly checksummed or all lower case`,
      abort: true,
    })
    .refine((value) => value.toLowerCase() !== zeroAddress, {
      error: `${field} must not be the zero address`,
      abort: true,
    })
    .transform((value) => getAddress(value))

/** The first few unknown keys, each quoted and cut short: a body of made-up keys must not come back whole. */
function unknownKeys(keys: string[]): string {
  const shown = keys
    .slice(0, 5)
    .map((key) => quoteInput(key))
    .join(', ')
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown
}

/** The body of POST /v1/vouchers. Unknown fields are refused so a typo (e.g. "acredited") is not ignored. */
export const voucherRequestSchema = z.strictObject(
  {
    payer: address('payer', 'the wallet that will send the purchase transaction'),
    beneficiary: address('beneficiary', 'the wallet that receives the tokens (defaults to payer)').optional(),
    country: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'country is required: your country of residence as an ISO 3166-1 alpha-2 code, e.g. "DE"'
            : 'country must be a string: an ISO 3166-1 alpha-2 code, e.g. "DE"',
      })
      .trim()
      .toUpperCase()
      .refine(isCountryCode, {
        error: (issue) =>
          `country ${quoteInput(issue.input)} is not an ISO 3166-1 alpha-2 country code: send two letters, e.g. "DE", "FR", "SG"`,
      }),
    accredited: z.boolean({
      error: (issue) =>
        issue.input === undefined
          ? 'accredited is required: true if you declare accredited-investor status, otherwise false'
          : 'accredited must be a JSON boolean (true or false), not a string or number',
    }),
  },
  {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${unknownKeys(issue.keys)}: send only ${fields}`
      if (issue.code === 'invalid_type') return `the body must be a JSON object like ${example}`
      return undefined
    },
  },
)

export type VoucherRequest = z.output<typeof voucherRequestSchema>
