import { BaseError } from 'viem'

// What a node says when a transaction's nonce was used by another transaction of the same account:
// geth, anvil and reth word it this way. "already known" and "already imported" are left out on
// purpose: they mean this very transaction is in the pool already, so sending it again with a new
// nonce would send it twice.
const TAKEN = /nonce too low|replacement transaction underpriced/i

/**
 * Whether the node refused a transaction because another one from the same account took its nonce
 * first (two senders of one key, such as the executor's daemon and one of its CLI commands, read
 * the same pending count). The refused transaction is not in the pool, so it can be sent again.
 */
export function nonceTaken(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(error.walk((e) => e instanceof BaseError && TAKEN.test(e.details ?? '')))
}
