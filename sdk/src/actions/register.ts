import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import type { NodeCapabilities } from './NodeCapabilities'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type RegisterParameters = {
  /** What the node measured and declares. */
  capabilities: NodeCapabilities
  /** CID of the node's metadata JSON (name, endpoint, contact). */
  metadataCid: string
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * Registers the caller as an executor node. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function register(client: Client, params: RegisterParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'NodeRegistry')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'register',
    args: [params.capabilities, params.metadataCid],
    account: resolveAccount(client, params.account, 'register'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
