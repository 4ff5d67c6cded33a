import type { Account, Address, Client, Hash } from 'viem'
import { readContract, waitForTransactionReceipt } from 'viem/actions'
import { getContract } from '../getContract'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'
import { simulateAndWrite } from './simulateAndWrite'

export type ChallengeParameters = {
  assignmentId: bigint
  /** The job-wide index of the task to dispute (within the assignment's range). */
  taskIndex: number
  chainId?: number
  account?: Account | Address
}

export type ChallengeReturnType = {
  hash: Hash
  /** The new challenge's id, as simulated. */
  challengeId: bigint
  /** The bond escrowed: the job's collateralPerTask. */
  bond: bigint
}

/**
 * Challenges one task of a submitted optimistic result, bonding the job's collateralPerTask.
 * The market takes the bond by allowance (it has no permit variant): when the allowance is short
 * this first sends an approval for exactly the bond and waits for it. Simulated before sending.
 */
export async function challenge(client: Client, params: ChallengeParameters): Promise<ChallengeReturnType> {
  const chainId = await resolveChainId(client, params.chainId)
  const market = getContract(chainId, 'JobMarket')
  const token = getContract(chainId, 'NeuroToken')
  const account = resolveAccount(client, params.account, 'challenge')
  const owner = typeof account === 'string' ? account : account.address
  const assignment = await readContract(client, {
    address: market.address,
    abi: market.abi,
    functionName: 'getAssignment',
    args: [params.assignmentId],
  })
  const job = await readContract(client, {
    address: market.address,
    abi: market.abi,
    functionName: 'getJob',
    args: [assignment.jobId],
  })
  const bond = job.collateralPerTask
  const allowance = await readContract(client, {
    address: token.address,
    abi: token.abi,
    functionName: 'allowance',
    args: [owner, market.address],
  })
  const target = { chainId, account }
  if (allowance < bond) {
    const approval = await simulateAndWrite(client, target, {
      contract: 'NeuroToken',
      functionName: 'approve',
      args: [market.address, bond],
    })
    await waitForTransactionReceipt(client, { hash: approval.hash })
  }
  const { hash, result } = await simulateAndWrite(client, target, {
    contract: 'JobMarket',
    functionName: 'challenge',
    args: [params.assignmentId, params.taskIndex],
  })
  return { hash, challengeId: result, bond }
}
