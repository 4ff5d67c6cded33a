import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type SettleParameters = {
  /** Assignments to pay; those not final yet are skipped. */
  assignmentIds: readonly bigint[]
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

export type SettleReturnType = {
  hash: Hash
  /** How many were paid, as simulated. */
  settled: bigint
}

/**
 * Pays every final assignment of a batch (permissionless; a batch never fails on a race). Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function settle(client: Client, params: SettleParameters): Promise<SettleReturnType> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request, result } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'settle',
    args: [params.assignmentIds],
    account: resolveAccount(client, params.account, 'settle'),
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), settled: result }
}
