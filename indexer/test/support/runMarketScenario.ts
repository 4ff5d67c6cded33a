// A scripted market on a local chain, for the indexer's market suite: three executors (anvil #2,
// #3, #4, funded with NTK by the local deploy) register, stake and place GENERATE asks at
// different prices; the requester (anvil #5) posts an optimistic job that matches the two cheapest
// asks; the executors submit, the challenge window passes, a keeper settles, one executor
// withdraws; a replicated job (r = 3) is committed, revealed (one dissenter) and resolved; a third job's executor misses its deadline and is reclaimed (slashed); one executor
// requests an unbond. Every transaction is simulated first, so a revert throws with its error.
import type { Deployment } from '@neuromation/sdk'
import { jobMarketAbi, neuroTokenAbi, nodeRegistryAbi } from '@neuromation/sdk/abis'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import {
  type Abi,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  type Hex,
  http,
  keccak256,
  type PrivateKeyAccount,
  parseAbiParameters,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export const GENERATE = 0
export const OPTIMISTIC = 0
export const REPLICATED = 1

/** The executors' offers: [anvil index, price tick, capacity]. The cheapest two take job 1. */
export const scenarioAsks = [
  { account: 2, priceTick: 100, capacity: 2 },
  { account: 3, priceTick: 120, capacity: 4 },
  { account: 4, priceTick: 150, capacity: 4 },
] as const

export type MarketScenario = Awaited<ReturnType<typeof runMarketScenario>>

export async function runMarketScenario(rpcUrl: string, deployment: Deployment) {
  const chain = defineChain({
    id: deployment.chainId,
    name: `anvil-${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const transport = http(rpcUrl)
  const publicClient = createPublicClient({ chain, transport })
  const testClient = createTestClient({ chain, transport, mode: 'anvil' })
  const account = (index: number) => privateKeyToAccount(anvilAccounts[index].privateKey as Hex)
  const executors = scenarioAsks.map((a) => account(a.account))
  const requester = account(5)
  const keeper = account(9)
  const { NeuroToken: token, NodeRegistry: registry, JobMarket: market } = deployment.contracts as Record<string, Address>

  async function send(from: PrivateKeyAccount, address: Address, abi: Abi, functionName: string, args: unknown[]) {
    const wallet = createWalletClient({ chain, transport, account: from })
    const { request } = await publicClient.simulateContract({ account: from, address, abi, functionName, args } as never)
    const hash = await wallet.writeContract(request as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted in ${hash}`)
    return receipt
  }
  const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>
  const now = async () => (await publicClient.getBlock()).timestamp
  async function travel(seconds: bigint) {
    await testClient.setNextBlockTimestamp({ timestamp: (await now()) + seconds })
    await testClient.mine({ blocks: 1 })
  }
  const assignedIn = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: jobMarketAbi, logs: receipt.logs, eventName: 'TasksAssigned' }).map((log) => log.args)

  const stake = parseEther('1000')
  const collateralPerTask = parseEther('1')
  for (const [i, executor] of executors.entries()) {
    await send(executor, registry, nodeRegistryAbi, 'register', [
      {
        computeUnitsPerSecond: BigInt(1_000 * (i + 1)),
        accelerator: i === 2 ? 1 : 0,
        backend: 1,
        memoryMiB: 4096,
        bandwidthMbps: 100,
        storageGiB: 20,
      },
      `bafkreiexecutor${i}`,
    ])
    await send(executor, token, neuroTokenAbi, 'approve', [registry, stake])
    await send(executor, registry, nodeRegistryAbi, 'stake', [stake])
    const { priceTick, capacity } = scenarioAsks[i]
    await send(executor, market, jobMarketAbi, 'placeAsk', [GENERATE, priceTick, capacity, 10n])
  }

  // Job 1: five tasks of 1,000 units at up to tick 200, optimistic with the shortest window.
  const windows = await read<{ minChallengeWindow: number }>(market, jobMarketAbi, 'windows')
  const jobParams = (taskCount: number, secondsPerTask: number) => ({
    kind: GENERATE,
    verification: OPTIMISTIC,
    replication: 1,
    taskCount,
    unitsPerTask: 1_000n,
    maxPriceTick: 200,
    secondsPerTask,
    challengeWindow: windows.minChallengeWindow,
    deadline: 0n,
    collateralPerTask,
    specCid: 'bafkreispec',
  })
  const job1Params = { ...jobParams(5, 600), deadline: (await now()) + 3_600n }
  const escrow1 = await read<bigint>(market, jobMarketAbi, 'escrowFor', [job1Params])
  await send(requester, token, neuroTokenAbi, 'approve', [market, escrow1])
  const posted1 = await send(requester, market, jobMarketAbi, 'postJob', [job1Params, 10n])
  const job1Assignments = assignedIn(posted1)

  // Every assignment of job 1 submits a root over its shards; then the window passes.
  const roots = new Map<bigint, Hex>()
  for (const a of job1Assignments) {
    const root = keccak256(toHex(`root-${a.assignmentId}`))
    roots.set(a.assignmentId, root)
    const executor = executors.find((e) => e.address.toLowerCase() === a.executor.toLowerCase())!
    await send(executor, market, jobMarketAbi, 'submitResult', [a.assignmentId, root, `bafyresult${a.assignmentId}`])
  }
  await travel(BigInt(windows.minChallengeWindow) + 1n)
  const settledReceipt = await send(keeper, market, jobMarketAbi, 'settle', [job1Assignments.map((a) => a.assignmentId)])
  const settlements = parseEventLogs({ abi: jobMarketAbi, logs: settledReceipt.logs, eventName: 'AssignmentSettled' }).map(
    (log) => log.args,
  )
  await send(keeper, market, jobMarketAbi, 'finalizeJob', [1n])
  const withdrawer = executors[0]
  const withdrawnReceipt = await send(withdrawer, market, jobMarketAbi, 'withdraw', [])
  const [withdrawal] = parseEventLogs({ abi: jobMarketAbi, logs: withdrawnReceipt.logs, eventName: 'Withdrawn' }).map(
    (log) => log.args,
  )

  // Job 2: two tasks replicated 3 times: all three executors commit and reveal; two agree, the
  // third reports another root and is outvoted (slashed); the majority is settled.
  const replicatedParams = {
    ...jobParams(2, 600),
    verification: REPLICATED,
    replication: 3,
    challengeWindow: 0,
    deadline: (await now()) + 3_600n,
  }
  const escrowR = await read<bigint>(market, jobMarketAbi, 'escrowFor', [replicatedParams])
  await send(requester, token, neuroTokenAbi, 'approve', [market, escrowR])
  const postedR = await send(requester, market, jobMarketAbi, 'postJob', [replicatedParams, 10n])
  const replicated = assignedIn(postedR)
  const agreed = keccak256(toHex('replicated-root'))
  const rootOf = (i: number) => (i === replicated.length - 1 ? keccak256(toHex('dissent')) : agreed)
  const salt = (id: bigint) => keccak256(toHex(`salt-${id}`))
  const signerOf = (a: { executor: Address }) => executors.find((e) => e.address.toLowerCase() === a.executor.toLowerCase())!
  const commitments = new Map<bigint, Hex>()
  for (const [i, a] of replicated.entries()) {
    const commitment = keccak256(
      encodeAbiParameters(parseAbiParameters('bytes32, address, bytes32'), [rootOf(i), a.executor, salt(a.assignmentId)]),
    )
    commitments.set(a.assignmentId, commitment)
    await send(signerOf(a), market, jobMarketAbi, 'commitResult', [a.assignmentId, commitment])
  }
  for (const [i, a] of replicated.entries()) {
    await send(signerOf(a), market, jobMarketAbi, 'revealResult', [
      a.assignmentId,
      rootOf(i),
      `bafyreplica${a.assignmentId}`,
      salt(a.assignmentId),
    ])
  }
  const groupId = replicated[0].groupId
  const resolvedR = await send(keeper, market, jobMarketAbi, 'resolveGroup', [groupId])
  const [groupResolved] = parseEventLogs({ abi: jobMarketAbi, logs: resolvedR.logs, eventName: 'GroupResolved' }).map(
    (log) => log.args,
  )
  const replicatedSlashes = parseEventLogs({ abi: jobMarketAbi, logs: resolvedR.logs, eventName: 'AssignmentSlashed' }).map(
    (log) => log.args,
  )
  const settledR = await send(keeper, market, jobMarketAbi, 'settle', [replicated.map((a) => a.assignmentId)])
  const replicatedSettlements = parseEventLogs({ abi: jobMarketAbi, logs: settledR.logs, eventName: 'AssignmentSettled' }).map(
    (log) => log.args,
  )

  // Job 3: one task; its executor never submits and is reclaimed after the deadline.
  const job3Params = { ...jobParams(1, 60), deadline: (await now()) + 3_600n }
  const escrow3 = await read<bigint>(market, jobMarketAbi, 'escrowFor', [job3Params])
  await send(requester, token, neuroTokenAbi, 'approve', [market, escrow3])
  const posted3 = await send(requester, market, jobMarketAbi, 'postJob', [job3Params, 10n])
  const [job3Assignment] = assignedIn(posted3)
  await travel(61n)
  const reclaimed = await send(keeper, market, jobMarketAbi, 'reclaim', [job3Assignment.assignmentId])
  const [slashed] = parseEventLogs({ abi: jobMarketAbi, logs: reclaimed.logs, eventName: 'AssignmentSlashed' }).map(
    (log) => log.args,
  )

  // The third executor starts leaving: part of its free stake goes to unbonding.
  const unbondAmount = parseEther('100')
  const unbonded = await send(executors[2], registry, nodeRegistryAbi, 'requestUnbond', [unbondAmount])

  return {
    contracts: { token, registry, market },
    executors: executors.map((e) => e.address),
    requester: requester.address,
    keeper: keeper.address,
    stake,
    collateralPerTask,
    job1: { params: job1Params, escrow: escrow1, assignments: job1Assignments, roots, settlements },
    replicated: {
      params: replicatedParams,
      assignments: replicated,
      agreedRoot: agreed,
      commitments,
      dissenter: replicated[replicated.length - 1],
      groupResolved,
      slashes: replicatedSlashes,
      settlements: replicatedSettlements,
    },
    job3: { params: job3Params, escrow: escrow3, assignment: job3Assignment, slashed },
    withdrawal: { account: withdrawer.address, amount: withdrawal?.amount ?? 0n },
    unbond: { account: executors[2].address, amount: unbondAmount },
    lastBlock: unbonded.blockNumber,
    read,
  }
}
