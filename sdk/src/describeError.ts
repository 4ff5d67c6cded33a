import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  InsufficientFundsError,
  RpcError,
  UserRejectedRequestError,
} from 'viem'
import { allAbis } from './generated/abis'
import { nonceTaken } from './nonceTaken'
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
 * by error name (never by string matching), a rejected wallet prompt, an account short of ETH for
 * gas (named when known), a nonce another transaction took, or viem's short message (with the
 * node's reason when an RPC refused the call).
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
    // viem's words ("gas * gas fee + value ... exceeds the balance of the account") name neither
    // the account nor the fix; a contract write knows its sender.
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      const write = error.walk((e) => e instanceof ContractFunctionExecutionError)
      const sender = write instanceof ContractFunctionExecutionError ? write.sender : undefined
      return `${sender ? `The account ${sender}` : 'This account'} has too little ETH to pay for the gas of this transaction (and any ETH it sends): send ETH to it, then try again.`
    }
    if (nonceTaken(error)) {
      return 'Another transaction from this account took the same nonce at the same moment. Wait for it to be mined, then try again.'
    }
    // A node's refusal ("Transaction creation failed.") says why only in its details.
    const refused = error.walk((e) => e instanceof RpcError)
    const reason = refused instanceof RpcError ? refused.details : undefined
    return reason && !error.shortMessage.includes(reason) ? `${error.shortMessage} The node said: ${reason}.` : error.shortMessage
  }
  return error instanceof Error ? error.message : String(error)
}
