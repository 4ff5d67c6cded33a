import { describeError } from '@neuromation/sdk'
import { BaseError, InsufficientFundsError } from 'viem'

/**
 * The message shown when a write fails before it is mined. Contract reverts are decoded by name
 * (sdk describeError); a balance that cannot cover value plus gas, which nodes word as
 * "insufficient funds for gas * price + value", says what to do instead.
 */
export function describeWriteError(error: unknown): string {
  if (error instanceof BaseError && error.walk((e) => e instanceof InsufficientFundsError)) {
    return 'Your wallet cannot pay this amount plus the network fee. Enter a smaller amount, or use Max, which keeps enough ETH for the fee.'
  }
  return describeError(error)
}
