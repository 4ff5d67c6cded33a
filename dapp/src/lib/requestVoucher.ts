import { type SignedVoucher, type SignedVoucherJson, signedVoucherFromJson } from '@neuromation/sdk'
import type { Address } from 'viem'

/** What the buyer declares to the compliance signer. */
export type Declaration = { country: string; accredited: boolean }

/**
 * The signer answered with an error body `{ error: { code, message } }`: a refusal (403, e.g.
 * RESTRICTED_JURISDICTION) or invalid input (400). `message` is meant for the buyer, shown as is.
 */
export class VoucherRequestError extends Error {
  override name = 'VoucherRequestError'
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message)
  }
  /** True for a refusal on eligibility grounds (as opposed to a malformed request or an outage). */
  get refused() {
    return this.status === 403
  }
}

type ErrorBody = { error?: { code?: string; message?: string; details?: unknown } }

/** Asks the compliance signer for a voucher: POST `${signerUrl}/v1/vouchers`. */
export async function requestVoucher(
  signerUrl: string,
  request: Declaration & { payer: Address; beneficiary: Address },
): Promise<SignedVoucher> {
  let response: Response
  try {
    response = await fetch(`${signerUrl}/v1/vouchers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    })
  } catch {
    throw new VoucherRequestError(
      `The compliance signer at ${signerUrl} is unreachable. Check that it is running and try again.`,
      'SIGNER_UNREACHABLE',
      0,
    )
  }
  const body = (await response.json().catch(() => undefined)) as (SignedVoucherJson & ErrorBody) | undefined
  if (!response.ok) {
    const message = body?.error?.message ?? `The compliance signer answered HTTP ${response.status}.`
    throw new VoucherRequestError(message, body?.error?.code ?? `HTTP_${response.status}`, response.status)
  }
  if (!body?.voucher || !body.signature) {
    throw new VoucherRequestError('The compliance signer returned an unexpected response.', 'BAD_RESPONSE', response.status)
  }
  return signedVoucherFromJson(body)
}
