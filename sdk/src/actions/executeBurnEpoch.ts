import type { Account, Address, Client, Hash } from 'viem'
import { simulateAndWrite } from './simulateAndWrite'

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
  const { hash, result } = await simulateAndWrite(client, params, {
    contract: 'BurnSchedule',
    functionName: 'executeEpoch',
    args: [params.epoch],
  })
  return { hash, burned: result }
}
