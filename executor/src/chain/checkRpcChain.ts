import { createPublicClient, type Transport } from 'viem'
import { ExecutorError } from '../ExecutorError'

/**
 * The chain id the RPC serves, refused when it is not the expected one (a wrong RPC would
 * otherwise sign for the wrong chain): ExecutorError WRONG_CHAIN naming both ids and the fix. An
 * RPC that does not answer is ExecutorError RPC (retryable). Undefined `chainId`: any chain.
 */
export async function checkRpcChain(options: {
  rpcUrl: string
  chainId: number | undefined
  transport: Transport
}): Promise<number> {
  let rpcChainId: number
  try {
    rpcChainId = await createPublicClient({ transport: options.transport }).getChainId()
  } catch (error) {
    throw new ExecutorError(
      'RPC',
      `Cannot reach the RPC at ${new URL(options.rpcUrl).origin}; check EXECUTOR_RPC_URL and that the node is up.`,
      { cause: error, retryable: true },
    )
  }
  if (options.chainId !== undefined && options.chainId !== rpcChainId) {
    throw new ExecutorError(
      'WRONG_CHAIN',
      `The RPC serves chain ${rpcChainId} but EXECUTOR_CHAIN_ID is ${options.chainId}; point EXECUTOR_RPC_URL at chain ${options.chainId} or fix EXECUTOR_CHAIN_ID.`,
    )
  }
  return rpcChainId
}
