// The compute market (JobMarket): the ask book, jobs, assignments, replicated groups, challenges,
// settlements, slashes and withdrawals. Rows that count something are guarded by a row keyed by
// the event (or the contract's id), so replaying an event cannot count twice; state the contract
// changes without an event of its own (escrow, task counters, locked collateral, in-flight tasks)
// is re-read from the chain at the event's block (lib/sync*).

import { type Context, ponder } from 'ponder:registry'
import {
  ask,
  askEvent,
  assignment,
  challenge,
  challengeVote,
  executor,
  job,
  jobExclusion,
  jobGroup,
  marketKind,
  marketStats,
  payout,
  slash,
} from 'ponder:schema'
import { marketEnums } from '@neuromation/sdk'
import { eq } from 'ponder'
import { ensureMarketStats, MARKET_STATS_ID } from './lib/ensureMarketStats'
import { eventRow } from './lib/eventRow'
import { syncAsk } from './lib/syncAsk'
import { syncAssignment } from './lib/syncAssignment'
import { syncExecutor } from './lib/syncExecutor'
import { syncJob } from './lib/syncJob'

/** Wei of NTK per compute unit per price tick (IJobMarket.PRICE_TICK; fixed in the contract). */
const PRICE_TICK = 10n ** 9n

type StatsDelta = {
  jobCount?: number
  assignmentCount?: number
  tasksPosted?: bigint
  tasksSettled?: bigint
  totalPaid?: bigint
  totalFees?: bigint
  totalSlashed?: bigint
  feesToTreasury?: bigint
  feesToBurnVault?: bigint
}

/** Adds to the market-wide totals. */
async function addToStats(context: Context, timestamp: bigint, add: StatsDelta) {
  await ensureMarketStats(context, timestamp)
  await context.db.update(marketStats, { id: MARKET_STATS_ID }).set((row) => ({
    jobCount: row.jobCount + (add.jobCount ?? 0),
    assignmentCount: row.assignmentCount + (add.assignmentCount ?? 0),
    tasksPosted: row.tasksPosted + (add.tasksPosted ?? 0n),
    tasksSettled: row.tasksSettled + (add.tasksSettled ?? 0n),
    totalPaid: row.totalPaid + (add.totalPaid ?? 0n),
    totalFees: row.totalFees + (add.totalFees ?? 0n),
    totalSlashed: row.totalSlashed + (add.totalSlashed ?? 0n),
    feesToTreasury: row.feesToTreasury + (add.feesToTreasury ?? 0n),
    feesToBurnVault: row.feesToBurnVault + (add.feesToBurnVault ?? 0n),
    updatedAt: timestamp,
  }))
}

/** The job's kind as its enum index (ask rows are per kind). */
const kindIndex = (kind: string) => marketEnums.lists.jobKind.indexOf(kind as 'GENERATE')

// ------------------------------------------------------------------------------------ the book

ponder.on('JobMarket:AskPlaced', async ({ event, context }) => {
  const { executor: node, priceTick, capacity } = event.args
  const kind = marketEnums.name('jobKind', event.args.kind)
  const timestamp = event.block.timestamp
  await context.db
    .insert(askEvent)
    .values({ ...eventRow(event), executor: node, kind, action: 'placed', priceTick, capacity, reason: null })
    .onConflictDoNothing()
  const fields = {
    active: true,
    priceTick,
    pricePerUnit: BigInt(priceTick) * PRICE_TICK,
    capacity,
    placedAt: timestamp,
    removedAt: null,
    removalReason: null,
    updatedAt: timestamp,
  }
  await context.db
    .insert(ask)
    .values({ executor: node, kind, inFlight: 0, ...fields })
    .onConflictDoUpdate(fields)
  await syncExecutor(context, node, timestamp)
  await syncAsk(context, node, event.args.kind, timestamp)
})

ponder.on('JobMarket:AskRemoved', async ({ event, context }) => {
  const { executor: node } = event.args
  const kind = marketEnums.name('jobKind', event.args.kind)
  const reason = marketEnums.name('askRemoval', event.args.reason)
  const timestamp = event.block.timestamp
  await context.db
    .insert(askEvent)
    .values({ ...eventRow(event), executor: node, kind, action: 'removed', priceTick: null, capacity: null, reason })
    .onConflictDoNothing()
  const existing = await context.db.find(ask, { executor: node, kind })
  if (existing) {
    await context.db
      .update(ask, { executor: node, kind })
      .set({ active: false, removedAt: timestamp, removalReason: reason, updatedAt: timestamp })
  }
  await syncExecutor(context, node, timestamp)
  await syncAsk(context, node, event.args.kind, timestamp)
})

// ------------------------------------------------------------------------------------ jobs

ponder.on('JobMarket:JobPosted', async ({ event, context }) => {
  const a = event.args
  const timestamp = event.block.timestamp
  const replication = Number(a.replication)
  const inserted = await context.db
    .insert(job)
    .values({
      id: a.jobId,
      requester: a.requester,
      kind: marketEnums.name('jobKind', a.kind),
      verification: marketEnums.name('verification', a.verification),
      replication,
      taskCount: a.taskCount,
      unitsPerTask: a.unitsPerTask,
      maxPriceTick: a.maxPriceTick,
      collateralPerTask: a.collateralPerTask,
      secondsPerTask: a.secondsPerTask,
      challengeWindow: a.challengeWindow,
      deadline: a.deadline,
      commissionBps: a.commissionBps,
      specCid: a.specCid,
      escrowPosted: a.escrow,
      escrow: a.escrow,
      status: 'Open',
      cancelled: false,
      tasksUnassigned: a.taskCount * replication,
      tasksAccepted: 0,
      openAssignments: 0,
      assignmentCount: 0,
      tasksSettled: 0,
      resting: false,
      paid: 0n,
      fees: 0n,
      refunded: 0n,
      finalRefund: null,
      postedAt: timestamp,
      finalizedAt: null,
      txHash: event.transaction.hash,
      updatedAt: timestamp,
    })
    .onConflictDoNothing()
  if (inserted) await addToStats(context, timestamp, { jobCount: 1, tasksPosted: BigInt(a.taskCount * replication) })
  await syncJob(context, a.jobId, timestamp)
})

ponder.on('JobMarket:BidRested', async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set({ resting: true })
  await syncJob(context, event.args.jobId, event.block.timestamp)
})

ponder.on('JobMarket:BidRemoved', async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set({ resting: false })
  await syncJob(context, event.args.jobId, event.block.timestamp)
})

ponder.on('JobMarket:JobCancelled', async ({ event, context }) => {
  await context.db.update(job, { id: event.args.jobId }).set({ cancelled: true })
  await syncJob(context, event.args.jobId, event.block.timestamp)
})

ponder.on('JobMarket:TasksReopened', async ({ event, context }) => {
  await syncJob(context, event.args.jobId, event.block.timestamp)
})

ponder.on('JobMarket:JobFinalized', async ({ event, context }) => {
  const { jobId, refund } = event.args
  const timestamp = event.block.timestamp
  const row = await context.db.update(job, { id: jobId }).set({
    status: marketEnums.name('jobStatus', event.args.status),
    finalRefund: refund,
    finalizedAt: timestamp,
  })
  await context.db
    .insert(payout)
    .values({
      ...eventRow(event),
      type: 'job-refund',
      account: row.requester,
      amount: refund,
      fee: null,
      refund: null,
      to: null,
      assignmentId: null,
      jobId,
    })
    .onConflictDoNothing()
  await syncJob(context, jobId, timestamp)
})

// ------------------------------------------------------------------------------------ assignments

ponder.on('JobMarket:TasksAssigned', async ({ event, context }) => {
  const a = event.args
  const timestamp = event.block.timestamp
  const groupId = a.groupId === 0n ? null : BigInt(a.groupId)
  const inserted = await context.db
    .insert(assignment)
    .values({
      id: a.assignmentId,
      jobId: a.jobId,
      executor: a.executor,
      firstTask: a.firstTask,
      taskCount: a.taskCount,
      priceTick: a.priceTick,
      collateral: a.collateral,
      deadline: a.deadline,
      groupId,
      status: 'Assigned',
      commitment: null,
      root: null,
      resultCid: null,
      challengeEnd: null,
      submittedAt: null,
      payment: null,
      fee: null,
      refund: null,
      settledAt: null,
      slashed: null,
      reclaimedBy: null,
      assignedAt: timestamp,
      txHash: event.transaction.hash,
      updatedAt: timestamp,
    })
    .onConflictDoNothing()
  await syncExecutor(context, a.executor, timestamp)
  if (inserted) {
    const row = await context.db.update(job, { id: a.jobId }).set((current) => ({ assignmentCount: current.assignmentCount + 1 }))
    await context.db.update(executor, { address: a.executor }).set((current) => ({
      assignmentCount: current.assignmentCount + 1,
      activeAssignments: current.activeAssignments + 1,
    }))
    if (groupId !== null) {
      await context.db
        .insert(jobGroup)
        .values({
          id: groupId,
          jobId: a.jobId,
          firstTask: a.firstTask,
          taskCount: a.taskCount,
          members: 1,
          resolved: false,
          winningRoot: null,
          slashedCount: null,
          reopened: null,
          refunded: null,
          resolvedAt: null,
          createdAt: timestamp,
          updatedAt: timestamp,
        })
        .onConflictDoUpdate((current) => ({ members: current.members + 1, updatedAt: timestamp }))
    }
    await addToStats(context, timestamp, { assignmentCount: 1 })
    await syncAsk(context, a.executor, kindIndex(row.kind), timestamp)
  }
  await syncJob(context, a.jobId, timestamp)
})

ponder.on('JobMarket:ResultSubmitted', async ({ event, context }) => {
  const { assignmentId, root, resultCid, challengeEnd } = event.args
  const timestamp = event.block.timestamp
  await context.db.update(assignment, { id: assignmentId }).set({ root, resultCid, challengeEnd, submittedAt: timestamp })
  await syncAssignment(context, assignmentId, timestamp)
})

ponder.on('JobMarket:ResultCommitted', async ({ event, context }) => {
  const { assignmentId, commitment } = event.args
  await context.db.update(assignment, { id: assignmentId }).set({ commitment })
  await syncAssignment(context, assignmentId, event.block.timestamp)
})

ponder.on('JobMarket:ResultRevealed', async ({ event, context }) => {
  const { assignmentId, root, resultCid } = event.args
  const timestamp = event.block.timestamp
  await context.db.update(assignment, { id: assignmentId }).set({ root, resultCid, submittedAt: timestamp })
  await syncAssignment(context, assignmentId, timestamp)
})

/** Re-reads an assignment that ended and everything it moved: its executor, its ask, its job. */
async function syncEnded(context: Context, assignmentId: bigint, timestamp: bigint) {
  const row = await syncAssignment(context, assignmentId, timestamp)
  if (!row) return
  await syncExecutor(context, row.executor, timestamp)
  const parent = await context.db.find(job, { id: row.jobId })
  if (parent) await syncAsk(context, row.executor, kindIndex(parent.kind), timestamp)
  await syncJob(context, row.jobId, timestamp)
}

ponder.on('JobMarket:GroupResolved', async ({ event, context }) => {
  const { groupId, jobId, winningRoot, slashed, reopened, refunded } = event.args
  const timestamp = event.block.timestamp
  await context.db.update(jobGroup, { id: groupId }).set({
    resolved: true,
    winningRoot: /^0x0+$/.test(winningRoot) ? null : winningRoot,
    slashedCount: slashed,
    reopened,
    refunded,
    resolvedAt: timestamp,
    updatedAt: timestamp,
  })
  const members = await context.db.sql.select({ id: assignment.id }).from(assignment).where(eq(assignment.groupId, groupId))
  for (const member of members) await syncEnded(context, member.id, timestamp)
  await syncJob(context, jobId, timestamp)
})

ponder.on('JobMarket:AssignmentReleased', async ({ event, context }) => {
  await syncEnded(context, event.args.assignmentId, event.block.timestamp)
})

ponder.on('JobMarket:ExecutorExcluded', async ({ event, context }) => {
  await context.db
    .insert(jobExclusion)
    .values({
      jobId: event.args.jobId,
      executor: event.args.executor,
      excludedAt: event.block.timestamp,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing()
})

ponder.on('JobMarket:AssignmentReclaimed', async ({ event, context }) => {
  await context.db.update(assignment, { id: event.args.assignmentId }).set({ reclaimedBy: event.args.caller })
  await syncEnded(context, event.args.assignmentId, event.block.timestamp)
})

ponder.on('JobMarket:AssignmentSlashed', async ({ event, context }) => {
  const { assignmentId, executor: node, amount, beneficiary } = event.args
  const timestamp = event.block.timestamp
  const row = await syncAssignment(context, assignmentId, timestamp)
  const inserted = await context.db
    .insert(slash)
    .values({
      ...eventRow(event),
      executor: node,
      assignmentId,
      jobId: row?.jobId ?? 0n,
      amount,
      beneficiary,
      reason: row?.status ?? null,
    })
    .onConflictDoNothing()
  if (inserted) {
    await context.db.update(assignment, { id: assignmentId }).set((current) => ({ slashed: (current.slashed ?? 0n) + amount }))
    await addToStats(context, timestamp, { totalSlashed: amount })
  }
  await syncEnded(context, assignmentId, timestamp)
})

ponder.on('JobMarket:AssignmentSettled', async ({ event, context }) => {
  const { assignmentId, executor: node, payment, fee, refund } = event.args
  const timestamp = event.block.timestamp
  const inserted = await context.db
    .insert(payout)
    .values({
      ...eventRow(event),
      type: 'settlement',
      account: node,
      amount: payment,
      fee,
      refund,
      to: null,
      assignmentId,
      jobId: (await context.db.find(assignment, { id: assignmentId }))?.jobId ?? null,
    })
    .onConflictDoNothing()
  const row = await context.db.update(assignment, { id: assignmentId }).set({ payment, fee, refund, settledAt: timestamp })
  if (inserted) {
    await context.db.update(job, { id: row.jobId }).set((current) => ({
      paid: current.paid + payment,
      fees: current.fees + fee,
      refunded: current.refunded + refund,
      tasksSettled: current.tasksSettled + row.taskCount,
    }))
    await context.db.update(executor, { address: node }).set((current) => ({ earnings: current.earnings + payment }))
    await addToStats(context, timestamp, { totalPaid: payment, totalFees: fee, tasksSettled: BigInt(row.taskCount) })
  }
  await syncEnded(context, assignmentId, timestamp)
})

// ------------------------------------------------------------------------------------ challenges

ponder.on('JobMarket:ChallengeOpened', async ({ event, context }) => {
  const { challengeId, assignmentId, challenger, taskIndex, bond, proofDeadline } = event.args
  const timestamp = event.block.timestamp
  const challenged = await context.db.find(assignment, { id: assignmentId })
  await context.db
    .insert(challenge)
    .values({
      id: challengeId,
      assignmentId,
      jobId: challenged?.jobId ?? 0n,
      executor: challenged?.executor ?? '0x0000000000000000000000000000000000000000',
      challenger,
      taskIndex,
      bond,
      status: 'AwaitingProof',
      proofDeadline,
      shardHash: null,
      commitDeadline: null,
      verifiersCommitted: 0,
      verifiersSeated: 0,
      verifiersRevealed: 0,
      drawn: false,
      drawBlock: null,
      slashed: null,
      openedAt: timestamp,
      resolvedAt: null,
      updatedAt: timestamp,
    })
    .onConflictDoNothing()
  await syncAssignment(context, assignmentId, timestamp)
})

ponder.on('JobMarket:TaskProven', async ({ event, context }) => {
  const { challengeId, shardHash, commitDeadline } = event.args
  await context.db
    .update(challenge, { id: challengeId })
    .set({ status: 'Verifying', shardHash, commitDeadline, updatedAt: event.block.timestamp })
})

ponder.on('JobMarket:VerificationCommitted', async ({ event, context }) => {
  const { challengeId, verifier, commitment } = event.args
  const timestamp = event.block.timestamp
  const key = { challengeId, verifier }
  const vote = await context.db.find(challengeVote, key)
  // A candidate evicted earlier may commit again (with more stake): it is a candidate anew.
  if (!vote || vote.status === 'evicted') {
    const jobId = (await context.db.find(challenge, { id: challengeId }))?.jobId ?? 0n
    await context.db
      .insert(challengeVote)
      .values({
        ...key,
        jobId,
        commitment,
        status: 'candidate',
        evictedBy: null,
        shardHash: null,
        committedAt: timestamp,
        revealedAt: null,
      })
      .onConflictDoUpdate({ commitment, status: 'candidate', evictedBy: null, committedAt: timestamp })
    await context.db
      .update(challenge, { id: challengeId })
      .set((current) => ({ verifiersCommitted: current.verifiersCommitted + 1, updatedAt: timestamp }))
  }
  // A candidate locks collateral while it verifies; an evicted one (same transaction, first) got
  // its lock back: both are re-read from the chain.
  await syncExecutor(context, verifier, timestamp)
})

ponder.on('JobMarket:VerifierEvicted', async ({ event, context }) => {
  const { challengeId, verifier, by } = event.args
  const timestamp = event.block.timestamp
  const vote = await context.db.find(challengeVote, { challengeId, verifier })
  if (vote?.status === 'candidate') {
    await context.db.update(challengeVote, { challengeId, verifier }).set({ status: 'evicted', evictedBy: by })
    await context.db
      .update(challenge, { id: challengeId })
      .set((current) => ({ verifiersCommitted: current.verifiersCommitted - 1, updatedAt: timestamp }))
  }
  // Its lock was released.
  await syncExecutor(context, verifier, timestamp)
})

ponder.on('JobMarket:VerifierDrawScheduled', async ({ event, context }) => {
  const { challengeId, drawBlock } = event.args
  await context.db.update(challenge, { id: challengeId }).set({ drawBlock, updatedAt: event.block.timestamp })
})

ponder.on('JobMarket:VerifiersDrawn', async ({ event, context }) => {
  const { challengeId, verifiers } = event.args
  const timestamp = event.block.timestamp
  await context.db
    .update(challenge, { id: challengeId })
    .set({ drawn: true, verifiersSeated: verifiers.length, updatedAt: timestamp })
  // Seated: those listed; every other candidate got its lock back and can no longer reveal.
  const seated = new Set(verifiers.map((v) => v.toLowerCase()))
  for (const vote of await votesOf(context, challengeId)) {
    if (seated.has(vote.verifier.toLowerCase())) {
      await context.db.update(challengeVote, { challengeId, verifier: vote.verifier }).set({ status: 'seated' })
    } else if (vote.status === 'candidate') {
      await context.db.update(challengeVote, { challengeId, verifier: vote.verifier }).set({ status: 'released' })
      await syncExecutor(context, vote.verifier, timestamp)
    }
  }
})

ponder.on('JobMarket:VerificationRevealed', async ({ event, context }) => {
  const { challengeId, verifier, shardHash } = event.args
  const timestamp = event.block.timestamp
  const vote = await context.db.find(challengeVote, { challengeId, verifier })
  if (!vote || vote.revealedAt !== null) return
  await context.db.update(challengeVote, { challengeId, verifier }).set({ shardHash, revealedAt: timestamp })
  await context.db
    .update(challenge, { id: challengeId })
    .set((current) => ({ verifiersRevealed: current.verifiersRevealed + 1, updatedAt: timestamp }))
})

ponder.on('JobMarket:ChallengeResolved', async ({ event, context }) => {
  const { challengeId, slashed } = event.args
  const timestamp = event.block.timestamp
  const row = await context.db.update(challenge, { id: challengeId }).set({
    status: marketEnums.name('challengeStatus', event.args.status),
    slashed,
    resolvedAt: timestamp,
    updatedAt: timestamp,
  })
  await syncEnded(context, row.assignmentId, timestamp)
  const votes = await votesOf(context, challengeId)
  // Never drawn (more candidates than seats, nobody drew before the reveal deadline): none was
  // seated, every candidate is released. A list of at most three is seated first (VerifiersDrawn).
  if (!row.drawn) {
    for (const vote of votes.filter((v) => v.status === 'candidate')) {
      await context.db.update(challengeVote, { challengeId, verifier: vote.verifier }).set({ status: 'released' })
    }
  }
  // Verifiers' collateral is released (or slashed) at resolution.
  for (const vote of votes) await syncExecutor(context, vote.verifier, timestamp)
})

/** Every candidate's vote row of a challenge (at most VERIFIER_CANDIDATES plus the evicted). */
function votesOf(context: Context, challengeId: bigint) {
  return context.db.sql
    .select({ verifier: challengeVote.verifier, status: challengeVote.status })
    .from(challengeVote)
    .where(eq(challengeVote.challengeId, challengeId))
}

// ------------------------------------------------------------------------------------ money

ponder.on('JobMarket:Credited', async ({ event, context }) => {
  const { account, amount } = event.args
  await context.db
    .insert(payout)
    .values({
      ...eventRow(event),
      type: 'credit',
      account,
      amount,
      fee: null,
      refund: null,
      to: null,
      assignmentId: null,
      jobId: null,
    })
    .onConflictDoNothing()
})

ponder.on('JobMarket:Withdrawn', async ({ event, context }) => {
  const { account, to, amount } = event.args
  await context.db
    .insert(payout)
    .values({
      ...eventRow(event),
      type: 'withdrawal',
      account,
      amount,
      fee: null,
      refund: null,
      to,
      assignmentId: null,
      jobId: null,
    })
    .onConflictDoNothing()
})

ponder.on('JobMarket:FeesDistributed', async ({ event, context }) => {
  const { toTreasury, toBurnVault } = event.args
  const inserted = await context.db
    .insert(payout)
    .values({
      ...eventRow(event),
      type: 'fees',
      account: null,
      amount: toTreasury,
      fee: toBurnVault,
      refund: null,
      to: null,
      assignmentId: null,
      jobId: null,
    })
    .onConflictDoNothing()
  if (inserted) {
    await addToStats(context, event.block.timestamp, { feesToTreasury: toTreasury, feesToBurnVault: toBurnVault })
  }
})

// ------------------------------------------------------------------------------------ settings

ponder.on('JobMarket:CommissionSet', async ({ event, context }) => {
  const kind = marketEnums.name('jobKind', event.args.kind)
  const timestamp = event.block.timestamp
  await context.db
    .insert(marketKind)
    .values({ kind, commissionBps: event.args.bps, minCollateral: null, updatedAt: timestamp })
    .onConflictDoUpdate({ commissionBps: event.args.bps, updatedAt: timestamp })
})

ponder.on('JobMarket:MinCollateralSet', async ({ event, context }) => {
  const kind = marketEnums.name('jobKind', event.args.kind)
  const timestamp = event.block.timestamp
  await context.db
    .insert(marketKind)
    .values({ kind, commissionBps: null, minCollateral: event.args.amount, updatedAt: timestamp })
    .onConflictDoUpdate({ minCollateral: event.args.amount, updatedAt: timestamp })
})

ponder.on('JobMarket:BurnShareSet', async ({ event, context }) => {
  await ensureMarketStats(context, event.block.timestamp)
  await context.db
    .update(marketStats, { id: MARKET_STATS_ID })
    .set({ burnShareBps: event.args.bps, updatedAt: event.block.timestamp })
})

ponder.on('JobMarket:TreasurySet', async ({ event, context }) => {
  await ensureMarketStats(context, event.block.timestamp)
  await context.db
    .update(marketStats, { id: MARKET_STATS_ID })
    .set({ treasury: event.args.treasury, updatedAt: event.block.timestamp })
})
