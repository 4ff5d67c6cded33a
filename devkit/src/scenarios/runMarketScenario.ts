// A scripted market on a local chain, for the indexer's market suite and its load benchmark: three
// executors (anvil #2, #3, #4, funded with NTK by the local deploy) register, stake and place GENERATE asks at
// different prices; the requester (anvil #5) posts an optimistic job that matches the two cheapest
// asks; the executors submit, the challenge window passes, a keeper settles, one executor
// withdraws; a replicated job (r = 3) is committed, revealed (one dissenter) and resolved; a third job's executor misses its deadline and is reclaimed (slashed); a seventh job's executor declines it; one executor
// requests an unbond; a fourth job's result is challenged, proven and upheld by two verifiers
// (seated whole: no more candidates than seats). Then fifteen more staked identities (fresh keys
// funded by the deployer, #0) join as verifier candidates: on a fifth job's challenge they and the
// two idle executors fill the candidate list (16), a heavier newcomer evicts the lightest, the seed
// block is fixed and three seats are drawn by stake, the seated reveal and the executor is upheld;
// a sixth job's challenge gets four candidates that nobody draws: past the reveal deadline it
// resolves NoQuorum and every candidate is released. Every transaction is simulated first, so a
// revert throws with its error.
import type { Deployment } from '@neuromation/sdk'
import { jobMarketAbi, neuroTokenAbi, nodeRegistryAbi } from '@neuromation/sdk/abis'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import {
  type Abi,
  type Address,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type PrivateKeyAccount,
  parseAbiParameters,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { scenarioClients } from './scenarioClients'

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
  // `send`'s gas option: a limit instead of the node's estimate (see the verifier draw below).
  const { publicClient, testClient, send } = scenarioClients(rpcUrl, deployment.chainId)
  // The deployer (#0) holds the liquidity reserve: it funds the extra verifier identities.
  const deployer = privateKeyToAccount(anvilAccounts[0].privateKey as Hex)
  const account = (index: number) => privateKeyToAccount(anvilAccounts[index].privateKey as Hex)
  const executors = scenarioAsks.map((a) => account(a.account))
  const requester = account(5)
  const keeper = account(9)
  const { NeuroToken: token, NodeRegistry: registry, JobMarket: market } = deployment.contracts as Record<string, Address>

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
  await send(executors[2], registry, nodeRegistryAbi, 'requestUnbond', [unbondAmount])

  // Job 4: one optimistic task whose result the requester challenges. The executor proves its leaf
  // (a one-leaf tree is its own root), the two other executors recompute it and agree, and the
  // challenge resolves for the executor.
  const job4Params = { ...jobParams(1, 600), deadline: (await now()) + 3_600n }
  const escrow4 = await read<bigint>(market, jobMarketAbi, 'escrowFor', [job4Params])
  await send(requester, token, neuroTokenAbi, 'approve', [market, escrow4])
  const [job4Assignment] = assignedIn(await send(requester, market, jobMarketAbi, 'postJob', [job4Params, 10n]))
  const shardHash = keccak256(toHex('shard-0'))
  const leaf = keccak256(encodeAbiParameters(parseAbiParameters('uint256, bytes32'), [0n, shardHash]))
  const challenged = signerOf(job4Assignment)
  await send(challenged, market, jobMarketAbi, 'submitResult', [job4Assignment.assignmentId, leaf, 'bafyresultchallenged'])
  await send(requester, token, neuroTokenAbi, 'approve', [market, collateralPerTask])
  const opened = await send(requester, market, jobMarketAbi, 'challenge', [job4Assignment.assignmentId, 0])
  const [challengeOpened] = parseEventLogs({ abi: jobMarketAbi, logs: opened.logs, eventName: 'ChallengeOpened' }).map(
    (log) => log.args,
  )
  const challengeId = challengeOpened.challengeId
  await send(challenged, market, jobMarketAbi, 'proveTask', [challengeId, shardHash, []])
  const verifiers = executors.filter((e) => e.address !== challenged.address)
  const verifierSalt = (v: PrivateKeyAccount) => keccak256(toHex(`verify-${v.address}`))
  for (const v of verifiers) {
    const commitment = keccak256(
      encodeAbiParameters(parseAbiParameters('bytes32, address, bytes32'), [shardHash, v.address, verifierSalt(v)]),
    )
    await send(v, market, jobMarketAbi, 'commitVerification', [challengeId, commitment])
  }
  // No more candidates than VERIFIERS: once the commit window has passed, the first reveal seats
  // them all (VerifiersDrawn), no draw needed.
  const marketWindows = await read<{ verifyCommitWindow: number; verifyRevealWindow: number }>(market, jobMarketAbi, 'windows')
  await travel(BigInt(marketWindows.verifyCommitWindow) + 1n)
  for (const v of verifiers) {
    await send(v, market, jobMarketAbi, 'revealVerification', [challengeId, shardHash, verifierSalt(v)])
  }
  const resolved = await send(keeper, market, jobMarketAbi, 'resolveChallenge', [challengeId])
  const [challengeResolved] = parseEventLogs({ abi: jobMarketAbi, logs: resolved.logs, eventName: 'ChallengeResolved' }).map(
    (log) => log.args,
  )

  // Fifteen more identities stake to verify (they place no ask): fourteen light ones, 10 + i NTK
  // (the first is the lightest candidate), and one with 500 NTK that will evict it.
  const identities = Array.from({ length: 15 }, (_, i) => privateKeyToAccount(keccak256(toHex(`neuromation-verifier-${i}`))))
  const identityStakes = identities.map((_, i) => parseEther(i === 14 ? '500' : String(10 + i)))
  for (const [i, identity] of identities.entries()) {
    await testClient.setBalance({ address: identity.address, value: parseEther('10') })
    await send(deployer, token, neuroTokenAbi, 'transfer', [identity.address, identityStakes[i]])
    await send(identity, registry, nodeRegistryAbi, 'register', [
      { computeUnitsPerSecond: 100n, accelerator: 0, backend: 1, memoryMiB: 1024, bandwidthMbps: 10, storageGiB: 10 },
      `bafkreiverifier${i}`,
    ])
    await send(identity, token, neuroTokenAbi, 'approve', [registry, identityStakes[i]])
    await send(identity, registry, nodeRegistryAbi, 'stake', [identityStakes[i]])
  }
  const commitAs = async (v: PrivateKeyAccount, id: bigint, hash: Hex) => {
    const commitment = keccak256(
      encodeAbiParameters(parseAbiParameters('bytes32, address, bytes32'), [hash, v.address, verifierSalt(v)]),
    )
    return send(v, market, jobMarketAbi, 'commitVerification', [id, commitment])
  }
  /** Posts a one-task optimistic job, submits its one-leaf result, challenges task 0 and proves it. */
  const provenChallenge = async (label: string) => {
    const params = { ...jobParams(1, 600), deadline: (await now()) + 3_600n }
    const escrow = await read<bigint>(market, jobMarketAbi, 'escrowFor', [params])
    await send(requester, token, neuroTokenAbi, 'approve', [market, escrow])
    const [assigned] = assignedIn(await send(requester, market, jobMarketAbi, 'postJob', [params, 10n]))
    const hash = keccak256(toHex(label))
    const leafOf = keccak256(encodeAbiParameters(parseAbiParameters('uint256, bytes32'), [0n, hash]))
    const executor = signerOf(assigned)
    await send(executor, market, jobMarketAbi, 'submitResult', [assigned.assignmentId, leafOf, `bafyresult${label}`])
    await send(requester, token, neuroTokenAbi, 'approve', [market, collateralPerTask])
    const openedReceipt = await send(requester, market, jobMarketAbi, 'challenge', [assigned.assignmentId, 0])
    const [openedArgs] = parseEventLogs({ abi: jobMarketAbi, logs: openedReceipt.logs, eventName: 'ChallengeOpened' })
    const id = openedArgs.args.challengeId
    await send(executor, market, jobMarketAbi, 'proveTask', [id, hash, []])
    return { assignment: assigned, challengeId: id, shardHash: hash, executor }
  }

  // Job 5: the two idle executors and fourteen light identities fill the list; the heavy one
  // evicts the lightest (identity 0). After the window the keeper fixes the seed block, and in the
  // next block draws three seats by stake; the seated reveal the proven hash: the executor wins.
  const drawn = await provenChallenge('shard-drawn')
  const drawnCandidates = [...executors.filter((e) => e.address !== drawn.executor.address), ...identities.slice(0, 14)]
  for (const v of drawnCandidates) await commitAs(v, drawn.challengeId, drawn.shardHash)
  const evictedReceipt = await commitAs(identities[14], drawn.challengeId, drawn.shardHash)
  const [evicted] = parseEventLogs({ abi: jobMarketAbi, logs: evictedReceipt.logs, eventName: 'VerifierEvicted' }).map(
    (log) => log.args,
  )
  await travel(BigInt(marketWindows.verifyCommitWindow) + 1n)
  const scheduledReceipt = await send(keeper, market, jobMarketAbi, 'drawVerifiers', [drawn.challengeId])
  const [scheduled] = parseEventLogs({ abi: jobMarketAbi, logs: scheduledReceipt.logs, eventName: 'VerifierDrawScheduled' }).map(
    (log) => log.args,
  )
  // The seed is the hash of the scheduling block: the draw needs a block after it (mined here, so
  // that the simulation, which runs in the latest block, sees it too).
  await testClient.mine({ blocks: 1 })
  // The seats, and so the storage the draw touches, follow the prevrandao of the block it lands
  // in, which the estimate does not know: a fixed limit well above a draw among 16 (~340k).
  const drawReceipt = await send(keeper, market, jobMarketAbi, 'drawVerifiers', [drawn.challengeId], { gas: 1_000_000n })
  const [seats] = parseEventLogs({ abi: jobMarketAbi, logs: drawReceipt.logs, eventName: 'VerifiersDrawn' }).map(
    (log) => log.args,
  )
  const candidates = [...drawnCandidates.slice(0, -14), ...identities.slice(1)]
  const seatedSigners = seats.verifiers.map((address) => candidates.find((c) => c.address === address)!)
  for (const v of seatedSigners) {
    await send(v, market, jobMarketAbi, 'revealVerification', [drawn.challengeId, drawn.shardHash, verifierSalt(v)])
  }
  const drawnResolvedReceipt = await send(keeper, market, jobMarketAbi, 'resolveChallenge', [drawn.challengeId])
  const [drawnResolved] = parseEventLogs({
    abi: jobMarketAbi,
    logs: drawnResolvedReceipt.logs,
    eventName: 'ChallengeResolved',
  }).map((log) => log.args)

  // Job 6: four candidates that nobody draws; past the reveal deadline the keeper resolves it:
  // NoQuorum, every candidate released, nobody slashed.
  const undrawn = await provenChallenge('shard-undrawn')
  const undrawnCandidates = [...executors.filter((e) => e.address !== undrawn.executor.address), ...identities.slice(1, 3)]
  for (const v of undrawnCandidates) await commitAs(v, undrawn.challengeId, undrawn.shardHash)
  await travel(BigInt(marketWindows.verifyCommitWindow + marketWindows.verifyRevealWindow) + 1n)
  const undrawnResolvedReceipt = await send(keeper, market, jobMarketAbi, 'resolveChallenge', [undrawn.challengeId])
  const [undrawnResolved] = parseEventLogs({
    abi: jobMarketAbi,
    logs: undrawnResolvedReceipt.logs,
    eventName: 'ChallengeResolved',
  }).map((log) => log.args)

  // Job 7: one task whose executor declines it at once (its generator would fail there): released
  // without a slash, the task back in the book, the executor's ask out of it.
  const job7Params = { ...jobParams(1, 600), deadline: (await now()) + 3_600n }
  await send(requester, token, neuroTokenAbi, 'approve', [
    market,
    await read<bigint>(market, jobMarketAbi, 'escrowFor', [job7Params]),
  ])
  const [job7Assignment] = assignedIn(await send(requester, market, jobMarketAbi, 'postJob', [job7Params, 10n]))
  const declinedReceipt = await send(signerOf(job7Assignment), market, jobMarketAbi, 'declineAssignment', [
    job7Assignment.assignmentId,
  ])

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
    challenge: {
      assignment: job4Assignment,
      opened: challengeOpened,
      resolved: challengeResolved,
      shardHash,
      verifiers: verifiers.map((v) => v.address),
    },
    /** The staked verifier identities (no ask) and what each staked. */
    identities: identities.map((identity, i) => ({ address: identity.address, stake: identityStakes[i] })),
    drawn: {
      ...drawn,
      executor: drawn.executor.address,
      /** The list before the draw: the idle executors and identities 1..14 (identity 0 evicted). */
      candidates: candidates.map((c) => c.address),
      evicted,
      scheduled,
      seated: seats.verifiers,
      resolved: drawnResolved,
    },
    undrawn: {
      ...undrawn,
      executor: undrawn.executor.address,
      candidates: undrawnCandidates.map((c) => c.address),
      resolved: undrawnResolved,
    },
    job7: { assignment: job7Assignment },
    lastBlock: declinedReceipt.blockNumber,
    read,
  }
}
