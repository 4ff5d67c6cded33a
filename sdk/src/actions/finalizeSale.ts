import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

export type FinalizeSaleParameters = { chainId?: number; account?: Account | Address }

/**
 * Finalizes the ended (or sold-out) sale: burns the unsold allocation and credits the raised ETH to
 * the recipients. Anyone may call it once; simulated first so SaleNotEnded/AlreadyFinalized surface
 * decoded before signing.
 */
export async function finalizeSale(client: Client, params: FinalizeSaleParameters = {}): Promise<Hash> {
  const { hash } = await simulateAndWrite(client, params, { contract: 'TokenSale', functionName: 'finalize' })
  return hash
}
