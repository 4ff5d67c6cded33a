import { describeError } from '@neuromation/sdk'
import { BaseError, HttpRequestError } from 'viem'

/** A message for a failed chain read, pointing at the RPC when it is the RPC that failed. */
export function describeReadError(error: unknown, rpcUrl: string): string {
  if (error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError)) {
    return `The chain's RPC at ${rpcUrl} does not answer. Start the local platform with \`npm start\`, or check VITE_RPC_URL.`
  }
  return describeError(error)
}
