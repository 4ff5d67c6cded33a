import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { type JobKindName, jobKind } from './jobKind'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type CancelAskParameters = {
  /** Job kind whose ask to remove. */
  kind: JobKindName
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Removes the executor's ask for a kind; assignments in flight are unaffected. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function cancelAsk(client: Client, params: CancelAskParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'cancelAsk',
    args: [jobKind(params.kind)],
    account: resolveAccount(client, params.account, 'cancelAsk'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
