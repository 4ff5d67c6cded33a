import { BaseError, redactUrl } from '@neuromation/runtime'
import { tokenSaleAbi } from '@neuromation/sdk'
import { type Address, getAddress, type PublicClient } from 'viem'

/** The chain disagrees with the configuration; `retryable` when the node could not be reached. */
export class StartupCheckError extends BaseError {
  override name = 'StartupCheckError'
}

/**
 * Fails fast when vouchers from this signer could never be accepted: the RPC endpoint is on
 * another chain, no TokenSale is deployed at the address, or the key is not the sale's
 * compliance signer (the classic wrong-key misconfiguration, which otherwise surfaces only as
 * InvalidVoucherSignature reverts in buyers' wallets).
 */
export async function verifyComplianceSigner(
  client: Pick<PublicClient, 'getChainId' | 'getCode' | 'readContract'>,
  expected: { chainId: number; rpcUrl: string; saleAddress: Address; signer: Address },
): Promise<void> {
  const { chainId, saleAddress, signer } = expected
  // The URL often holds an API key: messages name only where it points.
  const rpcUrl = redactUrl(expected.rpcUrl)
  let actualChainId: number
  try {
    actualChainId = await client.getChainId()
  } catch (error) {
    throw new StartupCheckError(`Cannot reach the chain at RPC_URL=${rpcUrl}: is the node running and the URL right?`, {
      cause: error,
      retryable: true,
      code: 'RPC_UNREACHABLE',
    })
  }
  if (actualChainId !== chainId) {
    throw new StartupCheckError(
      `RPC_URL=${rpcUrl} serves chain ${actualChainId}, but CHAIN_ID=${chainId}: vouchers would be signed for the wrong chain. Fix one of them.`,
    )
  }
  const code = await client.getCode({ address: saleAddress })
  if (!code || code === '0x') {
    throw new StartupCheckError(
      `No contract at TokenSale address ${saleAddress} on chain ${chainId}: deploy first (npm start does), run \`npm run codegen\`, or fix SALE_ADDRESS.`,
    )
  }
  let onChain: Address
  try {
    onChain = await client.readContract({ address: saleAddress, abi: tokenSaleAbi, functionName: 'complianceSigner' })
  } catch (error) {
    throw new StartupCheckError(
      `The contract at ${saleAddress} on chain ${chainId} did not answer complianceSigner(): is it a TokenSale?`,
      { cause: error },
    )
  }
  if (getAddress(onChain) !== getAddress(signer)) {
    throw new StartupCheckError(
      `SIGNER_PRIVATE_KEY belongs to ${getAddress(signer)}, but the TokenSale at ${saleAddress} on chain ${chainId} ` +
        `accepts only vouchers signed by ${getAddress(onChain)}. Set SIGNER_PRIVATE_KEY to that account's key.`,
    )
  }
}
