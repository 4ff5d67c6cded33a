import type { Account, Address, Client, Hash } from 'viem'
import { getBlock } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'
import { signPermit } from './signPermit'
import { simulateAndWrite } from './simulateAndWrite'

export type StakeParameters = {
  /** NTK (wei) to add to the node's free stake. */
  amount: bigint
  /** Pay with an EIP-2612 permit signed here (default true); false uses a prior approval. */
  permit?: boolean
  chainId?: number
  account?: Account | Address
}

const PERMIT_TTL_SECONDS = 3600n

/**
 * Adds stake to the caller's node in one transaction (a permit for exactly `amount`, or a prior
 * approval). Simulated first so NotRegistered/ZeroAmount surface decoded; returns without waiting.
 */
export async function stake(client: Client, params: StakeParameters): Promise<Hash> {
  const chainId = await resolveChainId(client, params.chainId)
  const registry = getContract(chainId, 'NodeRegistry')
  const account = resolveAccount(client, params.account, 'stake')
  const target = { chainId, account }
  if (params.permit === false) {
    return (await simulateAndWrite(client, target, { contract: 'NodeRegistry', functionName: 'stake', args: [params.amount] }))
      .hash
  }
  const now = (await getBlock(client)).timestamp
  const permit = await signPermit(client, {
    chainId,
    owner: account,
    spender: registry.address,
    value: params.amount,
    deadline: now + PERMIT_TTL_SECONDS,
  })
  const { hash } = await simulateAndWrite(client, target, {
    contract: 'NodeRegistry',
    functionName: 'stakeWithPermit',
    args: [params.amount, permit.deadline, permit.v, permit.r, permit.s],
  })
  return hash
}
