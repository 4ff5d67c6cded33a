import type { Account, Address, Client, Hash, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type RevealResultParameters = {
  assignmentId: bigint
  root: Hex
  resultCid: string
  /** The salt the commitment used (deriveSalt(secret, chainId, market, 'result', assignmentId)). */
  salt: Hex
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

/**
 * REPLICATED: reveals the committed root with its salt and the result CID. Simulated first, so a revert surfaces decoded before anything is signed; returns
 * without waiting for the receipt.
 */
export async function revealResult(client: Client, params: RevealResultParameters): Promise<Hash> {
  const contract = getContract(await resolveChainId(client, params.chainId), 'JobMarket')
  const { request } = await simulateContract(client, {
    address: contract.address,
    abi: contract.abi,
    functionName: 'revealResult',
    args: [params.assignmentId, params.root, params.resultCid, params.salt],
    account: resolveAccount(client, params.account, 'revealResult'),
    chain: client.chain,
  })
  return writeContract(client, request)
}
