import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type WithdrawSaleCreditParameters = {
  /** Where the ETH goes; defaults to the account itself. Use it when the account cannot receive ETH. */
  to?: Address
  chainId?: number
  account?: Account | Address
}

/** Withdraws the account's ETH credit from the finalized sale (TokenSale.withdraw / withdrawTo). */
export async function withdrawSaleCredit(client: Client, params: WithdrawSaleCreditParameters = {}): Promise<Hash> {
  const sale = getContract(await resolveChainId(client, params.chainId), 'TokenSale')
  const account = resolveAccount(client, params.account, 'withdrawSaleCredit')
  const base = { address: sale.address, abi: sale.abi, account, chain: client.chain } as const
  if (params.to) {
    const { request } = await simulateContract(client, { ...base, functionName: 'withdrawTo', args: [params.to] })
    return writeContract(client, request)
  }
  const { request } = await simulateContract(client, { ...base, functionName: 'withdraw' })
  return writeContract(client, request)
}
