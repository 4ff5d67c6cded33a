import { tokenSaleAbi } from '@neuromation/sdk'
import { type Address, getAddress, type PublicClient } from 'viem'

/**
 * Whether the sale still accepts vouchers from `signer`: the guardian may rotate the compliance
 * key mid-sale (TokenSale.setComplianceSigner), after which this service's vouchers would only
 * revert in buyers' wallets. The on-chain answer is cached for `cacheMs` so a burst of requests
 * costs one RPC call.
 */
export function createSignerKeyCheck(
  client: Pick<PublicClient, 'readContract'>,
  { saleAddress, signer, cacheMs = 15_000 }: { saleAddress: Address; signer: Address; cacheMs?: number },
): () => Promise<{ current: boolean; onChainSigner: Address }> {
  let cached: { at: number; onChainSigner: Address } | undefined
  return async () => {
    if (!cached || Date.now() - cached.at >= cacheMs) {
      const onChainSigner = await client.readContract({
        address: saleAddress,
        abi: tokenSaleAbi,
        functionName: 'complianceSigner',
      })
      cached = { at: Date.now(), onChainSigner: getAddress(onChainSigner) }
    }
    return { current: cached.onChainSigner === getAddress(signer), onChainSigner: cached.onChainSigner }
  }
}
