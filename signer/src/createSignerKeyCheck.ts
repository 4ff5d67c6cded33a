import { BaseError } from '@neuromation/runtime'
import { tokenSaleAbi } from '@neuromation/sdk'
import { type Address, getAddress, type PublicClient } from 'viem'

/**
 * The sale's compliance signer could not be read. The start-up check found the sale, so a later
 * failure is the RPC node (down, slow, rate limiting): retryable, answered 503 with Retry-After.
 */
export class SignerKeyUnavailableError extends BaseError {
  override name = 'SignerKeyUnavailableError'
  constructor(cause: unknown) {
    super("Cannot read the sale's compliance signer from the RPC node.", {
      cause,
      retryable: true,
      code: 'SIGNER_KEY_UNAVAILABLE',
    })
  }
}

/**
 * Whether the sale still accepts vouchers from `signer`: the guardian may rotate the compliance
 * key mid-sale (TokenSale.setComplianceSigner), after which this service's vouchers would only
 * revert in buyers' wallets. The on-chain answer is cached for `cacheMs` so a burst of requests
 * costs one RPC call. A failed read throws SignerKeyUnavailableError (retryable).
 */
export function createSignerKeyCheck(
  client: Pick<PublicClient, 'readContract'>,
  { saleAddress, signer, cacheMs = 15_000 }: { saleAddress: Address; signer: Address; cacheMs?: number },
): () => Promise<{ current: boolean; onChainSigner: Address }> {
  let cached: { at: number; onChainSigner: Address } | undefined
  return async () => {
    if (!cached || Date.now() - cached.at >= cacheMs) {
      let onChainSigner: Address
      try {
        onChainSigner = await client.readContract({
          address: saleAddress,
          abi: tokenSaleAbi,
          functionName: 'complianceSigner',
        })
      } catch (error) {
        // Not cached: the next request asks the node again.
        throw new SignerKeyUnavailableError(error)
      }
      cached = { at: Date.now(), onChainSigner: getAddress(onChainSigner) }
    }
    return { current: cached.onChainSigner === getAddress(signer), onChainSigner: cached.onChainSigner }
  }
}
