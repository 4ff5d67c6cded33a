import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type RequestUnbondParameters = {
  /** Free stake (wei NTK) to start unbonding. */
  amount: bigint
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Moves free stake to unbonding; withdrawUnbonded returns it after the registry's unbonding delay. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function requestUnbond(client: Client, params: RequestUnbondParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'NodeRegistry')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'requestUnbond',
    args: [params.amount],
    account: resolveAccount(client, params.account, 'requestUnbond'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
