import { readContract } from 'viem/actions'
import type { Chain } from './createChain'

/**
 * A loosely typed view call on the node's market, registry or token (the CLI and the start-up
 * checks read a handful of getters, each cast at its call site to the fields it uses).
 */
export function readContractOf(chain: Chain) {
  return (contract: 'market' | 'registry' | 'token', functionName: string, args: unknown[]) =>
    readContract(chain.publicClient, {
      address: chain[contract].address,
      abi: chain[contract].abi,
      functionName,
      args,
    } as never) as Promise<unknown>
}
