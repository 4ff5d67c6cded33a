import type { Client } from 'viem'
import { getChainId } from 'viem/actions'

/** The chain an action targets: the one asked for, else the client's chain, else the node's (eth_chainId). */
export async function resolveChainId(client: Client, chainId: number | undefined): Promise<number> {
  return chainId ?? client.chain?.id ?? (await getChainId(client))
}
