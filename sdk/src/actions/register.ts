import type { Account, Address, Client, Hash } from 'viem'
import type { NodeCapabilities } from './NodeCapabilities'
import { simulateAndWrite } from './simulateAndWrite'

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
  const { hash } = await simulateAndWrite(client, params, {
    contract: 'NodeRegistry',
    functionName: 'register',
    args: [params.capabilities, params.metadataCid],
  })
  return hash
}
