import { createPublicClient, type Hex, http, webSocket } from 'viem'

/** Identifies the chain behind an RPC: its id and genesis block hash. */
export type ChainFingerprint = { chainId: number; genesisHash: Hex }

/**
 * Reads the fingerprint of the chain at `rpcUrl`. A fresh anvil has a new genesis hash every run
 * (its genesis timestamp is the start time) while keeping the chain id, which is how a database
 * left over from an earlier chain is recognised.
 */
export async function chainFingerprint(rpcUrl: string): Promise<ChainFingerprint> {
  const transport = rpcUrl.startsWith('ws') ? webSocket(rpcUrl) : http(rpcUrl, { retryCount: 2, timeout: 5_000 })
  const client = createPublicClient({ transport })
  try {
    const [chainId, genesis] = await Promise.all([client.getChainId(), client.getBlock({ blockNumber: 0n })])
    return { chainId, genesisHash: genesis.hash }
  } catch (cause) {
    throw new Error(
      `RPC_URL ${rpcUrl} does not answer (${(cause as Error).message.split('\n')[0]}); start the node or fix RPC_URL`,
      {
        cause,
      },
    )
  }
}
