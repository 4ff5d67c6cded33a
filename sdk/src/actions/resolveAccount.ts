import type { Account, Address, Client } from 'viem'

/** The account that signs a write: the one passed, else the client's; a clear error when neither exists. */
export function resolveAccount(client: Client, account: Account | Address | undefined, action: string): Account | Address {
  const resolved = account ?? client.account
  if (!resolved) {
    throw new Error(`${action}: no account to send from. Pass \`account\`, or create the wallet client with one.`)
  }
  return resolved
}
