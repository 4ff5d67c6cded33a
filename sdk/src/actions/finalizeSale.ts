import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type FinalizeSaleParameters = { chainId?: number; account?: Account | Address }

/**
 * Finalizes the ended (or sold-out) sale: burns the unsold allocation and credits the raised ETH to
 * the recipients. Anyone may call it once; simulated first so SaleNotEnded/AlreadyFinalized surface
 * decoded before signing.
 */
export async function finalizeSale(client: Client, params: FinalizeSaleParameters = {}): Promise<Hash> {
  const sale = getContract(await resolveChainId(client, params.chainId), 'TokenSale')
  const { request } = await simulateContract(client, {
    address: sale.address,
    abi: sale.abi,
    functionName: 'finalize',
    account: resolveAccount(client, params.account, 'finalizeSale'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
