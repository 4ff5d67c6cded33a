import type { Account, Address, Client, Hash } from 'viem'
import { getBlock, readContract, simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { DEFAULT_MAX_ASSIGNMENTS, type JobKindName, jobKind, type VerificationName, verification } from './jobKind'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'
import { signPermit } from './signPermit'

/** IJobMarket.JobParams with enum names; see the interface's NatSpec for each field's bounds. */
export type JobParameters = {
  kind: JobKindName
  verification: VerificationName
  /** 1 for OPTIMISTIC; odd, >= 3 for REPLICATED. */
  replication: number
  taskCount: number
  /** samplesPerTask x the generator's compute units per sample (unitsPerTask in jobSpec.ts). */
  unitsPerTask: bigint
  /** The most paid per compute unit, in ticks of PRICE_TICK (1e9 wei NTK). */
  maxPriceTick: number
  secondsPerTask: number
  /** OPTIMISTIC: seconds a submitted result can be challenged; REPLICATED: 0. */
  challengeWindow: number
  /** Unix seconds; no assignment is made after it. */
  deadline: bigint
  /** Stake an executor locks per task (wei NTK); also the challenge bond. */
  collateralPerTask: bigint
  /** CID of the job spec JSON (encodeJobSpec). */
  specCid: string
}

export type PostJobParameters = JobParameters & {
  /** Pay with an EIP-2612 permit signed here (default true); false uses a prior approval. */
  permit?: boolean
  /** Most assignments the post creates at once (default 16); the rest rest as a bid. */
  maxAssignments?: bigint
  chainId?: number
  account?: Account | Address
}

export type PostJobReturnType = {
  hash: Hash
  /** The new job's id, as simulated against the current block. */
  jobId: bigint
  /** NTK escrowed: the maximum cost plus commission. */
  escrow: bigint
}

/** The ABI tuple of JobParams. */
export function toJobParamsTuple(params: JobParameters) {
  return {
    kind: jobKind(params.kind),
    verification: verification(params.verification),
    replication: params.replication,
    taskCount: params.taskCount,
    unitsPerTask: params.unitsPerTask,
    maxPriceTick: params.maxPriceTick,
    secondsPerTask: params.secondsPerTask,
    challengeWindow: params.challengeWindow,
    deadline: params.deadline,
    collateralPerTask: params.collateralPerTask,
    specCid: params.specCid,
  }
}

// A permit outlives its transaction by this much: enough for a wallet prompt, short enough to be useless if leaked.
const PERMIT_TTL_SECONDS = 3600n

/**
 * Posts a job: escrows its maximum cost plus commission in the same transaction (a permit for
 * exactly the escrow the market computes, or a prior approval) and matches it against the ask
 * book. Simulated first, so a revert (KindNotSupported, InvalidReplication, ...) surfaces decoded
 * before anything is sent; returns without waiting for the receipt.
 */
export async function postJob(client: Client, params: PostJobParameters): Promise<PostJobReturnType> {
  const chainId = await resolveChainId(client, params.chainId)
  const market = getContract(chainId, 'JobMarket')
  const account = resolveAccount(client, params.account, 'postJob')
  const jobParams = toJobParamsTuple(params)
  const maxAssignments = params.maxAssignments ?? DEFAULT_MAX_ASSIGNMENTS
  const escrow = await readContract(client, {
    address: market.address,
    abi: market.abi,
    functionName: 'escrowFor',
    args: [jobParams],
  })
  if (params.permit === false) {
    const { request, result } = await simulateContract(client, {
      address: market.address,
      abi: market.abi,
      functionName: 'postJob',
      args: [jobParams, maxAssignments],
      account,
      chain: client.chain,
    })
    return { hash: await writeContract(client, request), jobId: result, escrow }
  }
  const now = (await getBlock(client)).timestamp
  const permit = await signPermit(client, {
    chainId,
    owner: account,
    spender: market.address,
    value: escrow,
    deadline: now + PERMIT_TTL_SECONDS,
  })
  const { request, result } = await simulateContract(client, {
    address: market.address,
    abi: market.abi,
    functionName: 'postJobWithPermit',
    args: [jobParams, maxAssignments, permit.deadline, permit.v, permit.r, permit.s],
    account,
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), jobId: result, escrow }
}
