import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type ExecuteBurnEpochParameters = {
  /** The epoch to execute: the schedule's nextEpoch(), once due. */
  epoch: bigint
  chainId?: number
  account?: Account | Address
}

export type ExecuteBurnEpochReturnType = {
  hash: Hash
  /** NTK the execution burns (owed shortfall first), as simulated against the current block. */
  burned: bigint
}

/** Executes a due burn epoch of the BurnSchedule. Anyone may call it; simulated first. */
export async function executeBurnEpoch(client: Client, params: ExecuteBurnEpochParameters): Promise<ExecuteBurnEpochReturnType> {
  const schedule = getContract(await resolveChainId(client, params.chainId), 'BurnSchedule')
  const { request, result } = await simulateContract(client, {
    address: schedule.address,
    abi: schedule.abi,
    functionName: 'executeEpoch',
    args: [params.epoch],
    account: resolveAccount(client, params.account, 'executeBurnEpoch'),
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), burned: result }
}
