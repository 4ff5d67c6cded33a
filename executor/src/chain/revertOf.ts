import { BaseError, ContractFunctionRevertedError } from 'viem'

/**
 * The decoded custom error (name and values) a contract call reverted with, if that is what
 * `error` is: reverts are told apart by error name, never by their message.
 */
export function revertOf(error: unknown): { name: string; args: readonly unknown[] } | undefined {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
  const data = reverted instanceof ContractFunctionRevertedError ? reverted.data : undefined
  return data?.errorName ? { name: data.errorName, args: data.args ?? [] } : undefined
}
