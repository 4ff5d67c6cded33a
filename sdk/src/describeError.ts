import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex, UserRejectedRequestError } from 'viem'
import { allAbis } from './generated/abis'
import { revertMessages } from './revertMessages'

/** A revert decoded from raw data (e.g. from eth_call), or undefined when it matches no ABI. */
export function decodeRevert(data: Hex): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: allAbis, data })
    return { errorName, args: args ?? [] }
  } catch {
    return undefined
  }
}

/**
 * A short message for a person from any error thrown by viem/wagmi: contract reverts decoded
 * by error name (never by string matching), a rejected wallet prompt, or viem's short message.
 */
export function describeError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return 'You rejected the request in your wallet.'
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      // viem decodes with the ABI it was given, which can be a single function: writeContract
      // after simulateContract gets the simulation's minimized ABI, so a revert at its gas
      // estimate (the state changed since the simulation) arrives undecoded. Decode it with
      // every platform ABI then.
      const decoded = reverted.data ?? (reverted.raw ? decodeRevert(reverted.raw) : undefined)
      const name = decoded?.errorName
      // The decoded name comes from the same ABIs the table is typed by; the lookup is by string.
      const message = name
        ? (revertMessages as Record<string, ((args: readonly unknown[]) => string) | undefined>)[name]
        : undefined
      if (message) return message(decoded?.args ?? [])
      if (name) return `The transaction was rejected by the contract: ${name}.`
      if (reverted.reason) return `The transaction was rejected by the contract: ${reverted.reason}.`
    }
    return error.shortMessage
  }
  return error instanceof Error ? error.message : String(error)
}
