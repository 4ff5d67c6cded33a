import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type WithdrawSaleCreditParameters = {
  /** Where the ETH goes; defaults to the account itself. Use it when the account cannot receive ETH. */
  to?: Address
  chainId?: number
  account?: Account | Address
}

/** Withdraws the account's ETH credit from the finalized sale (TokenSale.withdraw / withdrawTo). */
export async function withdrawSaleCredit(client: Client, params: WithdrawSaleCreditParameters = {}): Promise<Hash> {
  const { hash } = params.to
    ? await simulateAndWrite(client, params, { contract: 'TokenSale', functionName: 'withdrawTo', args: [params.to] })
    : await simulateAndWrite(client, params, { contract: 'TokenSale', functionName: 'withdraw' })
  return hash
}
