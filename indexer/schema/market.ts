// The compute market's tables (NodeRegistry + JobMarket): executors and their stake, the ask book
// (current asks and their history), jobs, assignments, replicated groups, challenges, payouts and
// slashes. Amounts are token base units (18 decimals) as bigint; times are unix seconds; ids are
// the contracts' ids (jobs, assignments, groups and challenges start at 1). Enum values are stored
// as their Solidity names ('GENERATE', 'OPTIMISTIC', 'Submitted', ...) so rows read without a
// lookup table. Tables are snake_case in SQL; GraphQL exposes them by the export names.
import { index, onchainTable, primaryKey, relations } from 'ponder'

/**
 * One row per address that ever registered or staked (NodeRegistry). `stake` is bonded stake
 * (free + locked, unbonding excluded); `locked` is the collateral the JobMarket holds for the
 * executor's open assignments and verifications, read from the market after every event that moves
 * it; `free` = stake - locked. Reputation counters mirror NodeRegistry.ReputationUpdated.
 */
export const executor = onchainTable(
  'executor',
  (t) => ({
    address: t.hex().primaryKey(),
    registered: t.boolean().notNull(),
    /** Null for an address that staked before registering. */
    registeredAt: t.bigint(),
    /** Benchmark-measured throughput (compute units per second); null until registered. */
    computeUnitsPerSecond: t.bigint(),
    /** 'CPU' | 'GPU' | 'OTHER'; null until registered. */
    accelerator: t.text(),
    /** 'cpu' | 'wasm' | 'tfjs-node' | 'tfjs-node-gpu' | 'webgpu'; null until registered. */
    backend: t.text(),
    memoryMiB: t.integer(),
    bandwidthMbps: t.integer(),
    storageGiB: t.integer(),
    /** IPFS CID of the node's metadata document (name, endpoint, contact); null until registered. */
    metadataCid: t.text(),
    stake: t.bigint().notNull(),
    locked: t.bigint().notNull(),
    free: t.bigint().notNull(),
    unbonding: t.bigint().notNull(),
    /** When the unbonding balance can be withdrawn; null while nothing is unbonding. */
    unbondingReadyAt: t.bigint(),
    /** NTK ever added to the stake (Staked), and ever withdrawn after unbonding (Unbonded). */
    totalStaked: t.bigint().notNull(),
    totalUnbonded: t.bigint().notNull(),
    tasksCompleted: t.bigint().notNull(),
    tasksFailed: t.bigint().notNull(),
    timesSlashed: t.bigint().notNull(),
    amountSlashed: t.bigint().notNull(),
    /** Sum of AssignmentSettled.payment to this executor. */
    earnings: t.bigint().notNull(),
    assignmentCount: t.integer().notNull(),
    /** Assignments not yet in a final state (Settled, Rejected, Reclaimed, Released). */
    activeAssignments: t.integer().notNull(),
    /** Its current GENERATE ask (denormalised from `ask` for the leaderboard); null without one. */
    askPriceTick: t.integer(),
    askCapacity: t.integer(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    stakeIdx: index().on(table.stake),
    earningsIdx: index().on(table.earnings),
  }),
)

/**
 * Every stake movement of a node (NodeRegistry): 'staked', 'unbond-requested', 'unbonded',
 * 'slashed'. id = `${txHash}-${logIndex}`. `stakeAfter` is the bonded stake after it, when the
 * event says (Staked, Slashed); `payer` is who paid a stake.
 */
export const stakeEvent = onchainTable(
  'stake_event',
  (t) => ({
    id: t.text().primaryKey(),
    node: t.hex().notNull(),
    type: t.text().notNull(),
    amount: t.bigint().notNull(),
    stakeAfter: t.bigint(),
    payer: t.hex(),
    /** 'unbond-requested': when the unbonding balance becomes withdrawable. */
    readyAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ nodeIdx: index().on(table.node, table.blockNumber) }),
)

/**
 * The current ask of each executor per kind: `active` while it is in the book. A replaced ask keeps
 * the row (new price and capacity, `placedAt` moves: it joined the back of its level); so does an
 * ask back in the book after a walk found it full (read from the chain, see syncAsk).
 */
export const ask = onchainTable(
  'ask',
  (t) => ({
    executor: t.hex().notNull(),
    /** 'GENERATE' | 'TRAIN' | 'LABEL' | 'CUSTOM'. */
    kind: t.text().notNull(),
    active: t.boolean().notNull(),
    priceTick: t.integer().notNull(),
    /** priceTick x PRICE_TICK: wei of NTK per compute unit. */
    pricePerUnit: t.bigint().notNull(),
    capacity: t.integer().notNull(),
    /** Tasks assigned under this ask and not yet ended (getAsk().inFlight); it takes work while inFlight < capacity. */
    inFlight: t.integer().notNull(),
    placedAt: t.bigint().notNull(),
    /** Set when it left the book; cleared when placed again. */
    removedAt: t.bigint(),
    /** 'Cancelled' | 'MissedDeadline' | 'InsufficientStake' | 'Disproved' | 'Declined' (IJobMarket.AskRemoval); null while active. */
    removalReason: t.text(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.executor, table.kind] }),
    bookIdx: index().on(table.kind, table.active, table.priceTick),
  }),
)

/** Every AskPlaced / AskRemoved, for the book's history. id = `${txHash}-${logIndex}`. */
export const askEvent = onchainTable(
  'ask_event',
  (t) => ({
    id: t.text().primaryKey(),
    executor: t.hex().notNull(),
    kind: t.text().notNull(),
    /** 'placed' | 'removed'. */
    action: t.text().notNull(),
    /** Set for 'placed'. */
    priceTick: t.integer(),
    capacity: t.integer(),
    /** Set for 'removed' (IJobMarket.AskRemoval name). */
    reason: t.text(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    executorIdx: index().on(table.executor),
    timeIdx: index().on(table.kind, table.blockNumber),
  }),
)

/**
 * A posted job. `escrow` is what the market still holds for it and the task counters come from
 * IJobMarket.getJob after every event that moves them; `tasksUnassigned` counts task replicas.
 */
export const job = onchainTable(
  'job',
  (t) => ({
    id: t.bigint().primaryKey(),
    requester: t.hex().notNull(),
    kind: t.text().notNull(),
    /** 'OPTIMISTIC' | 'REPLICATED'. */
    verification: t.text().notNull(),
    replication: t.integer().notNull(),
    taskCount: t.integer().notNull(),
    unitsPerTask: t.bigint().notNull(),
    maxPriceTick: t.integer().notNull(),
    collateralPerTask: t.bigint().notNull(),
    secondsPerTask: t.integer().notNull(),
    challengeWindow: t.integer().notNull(),
    deadline: t.bigint().notNull(),
    commissionBps: t.integer().notNull(),
    specCid: t.text().notNull(),
    /** Escrowed at post (JobPosted.escrow). */
    escrowPosted: t.bigint().notNull(),
    /** Still held for the job (getJob().escrow). */
    escrow: t.bigint().notNull(),
    /** 'Open' | 'Completed' | 'Expired' | 'Cancelled' (IJobMarket.JobStatus). */
    status: t.text().notNull(),
    cancelled: t.boolean().notNull(),
    tasksUnassigned: t.integer().notNull(),
    tasksAccepted: t.integer().notNull(),
    openAssignments: t.integer().notNull(),
    assignmentCount: t.integer().notNull(),
    /** Tasks (times replicas) whose assignments were settled (paid). */
    tasksSettled: t.integer().notNull(),
    /** Whether unassigned tasks rest in the bid book. */
    resting: t.boolean().notNull(),
    /** Sum of AssignmentSettled payment / fee / refund for the job's assignments. */
    paid: t.bigint().notNull(),
    fees: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    /** JobFinalized.refund; null until finalized. */
    finalRefund: t.bigint(),
    postedAt: t.bigint().notNull(),
    finalizedAt: t.bigint(),
    txHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    requesterIdx: index().on(table.requester),
    statusIdx: index().on(table.status),
    postedIdx: index().on(table.postedAt),
  }),
)

/**
 * A contiguous task range of a job given to one executor. Optimistic: root/resultCid/challengeEnd
 * come with ResultSubmitted; replicated: commitment, then root/resultCid with ResultRevealed.
 */
export const assignment = onchainTable(
  'assignment',
  (t) => ({
    id: t.bigint().primaryKey(),
    jobId: t.bigint().notNull(),
    executor: t.hex().notNull(),
    firstTask: t.integer().notNull(),
    taskCount: t.integer().notNull(),
    priceTick: t.integer().notNull(),
    collateral: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    /** The replicated group; null for optimistic jobs. */
    groupId: t.bigint(),
    /** IJobMarket.AssignmentStatus name: 'Assigned' | 'Committed' | 'Submitted' | ... | 'Released'. */
    status: t.text().notNull(),
    commitment: t.hex(),
    root: t.hex(),
    resultCid: t.text(),
    /** Optimistic: the result is final at this time unless challenged. */
    challengeEnd: t.bigint(),
    submittedAt: t.bigint(),
    /** Set when settled: what the executor earned, the commission, the requester's refund. */
    payment: t.bigint(),
    fee: t.bigint(),
    refund: t.bigint(),
    settledAt: t.bigint(),
    /** Collateral slashed from it (AssignmentSlashed); null if never slashed. */
    slashed: t.bigint(),
    /** Who reclaimed it past its deadline. */
    reclaimedBy: t.hex(),
    assignedAt: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    jobIdx: index().on(table.jobId),
    executorIdx: index().on(table.executor),
    statusIdx: index().on(table.status),
  }),
)

/** A replicated range: the `replication` assignments that computed the same tasks. */
export const jobGroup = onchainTable(
  'job_group',
  (t) => ({
    id: t.bigint().primaryKey(),
    jobId: t.bigint().notNull(),
    firstTask: t.integer().notNull(),
    taskCount: t.integer().notNull(),
    /** Assignments created in the group so far. */
    members: t.integer().notNull(),
    resolved: t.boolean().notNull(),
    /** The accepted root; null until resolved, and when no majority was reached. */
    winningRoot: t.hex(),
    slashedCount: t.integer(),
    reopened: t.boolean(),
    refunded: t.boolean(),
    resolvedAt: t.bigint(),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ jobIdx: index().on(table.jobId) }),
)

/**
 * An optimistic challenge of one task. Verifiers: candidates commit until `commitDeadline`, then
 * three seats are drawn among them by stake (at once when there are no more than three); see
 * `challengeVote` for each one's status.
 */
export const challenge = onchainTable(
  'challenge',
  (t) => ({
    id: t.bigint().primaryKey(),
    assignmentId: t.bigint().notNull(),
    jobId: t.bigint().notNull(),
    executor: t.hex().notNull(),
    challenger: t.hex().notNull(),
    taskIndex: t.integer().notNull(),
    bond: t.bigint().notNull(),
    /** IJobMarket.ChallengeStatus name: 'AwaitingProof' | 'Verifying' | 'ExecutorWon' | 'ChallengerWon' | 'NoQuorum'. */
    status: t.text().notNull(),
    proofDeadline: t.bigint().notNull(),
    /** The shard hash the executor proved; null until TaskProven. */
    shardHash: t.hex(),
    commitDeadline: t.bigint(),
    /** Candidates that committed and were not evicted (the draw does not lower it). */
    verifiersCommitted: t.integer().notNull(),
    /** Verifiers seated (VerifiersDrawn); 0 until the seats are fixed. */
    verifiersSeated: t.integer().notNull(),
    verifiersRevealed: t.integer().notNull(),
    /** Whether the seats are fixed (VerifiersDrawn: a draw, or a list of at most three seated whole). */
    drawn: t.boolean().notNull(),
    /** The block whose hash seeds the draw (VerifierDrawScheduled); null until fixed, and without a draw. */
    drawBlock: t.bigint(),
    /** What the losing executor lost; null until resolved. */
    slashed: t.bigint(),
    openedAt: t.bigint().notNull(),
    resolvedAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ assignmentIdx: index().on(table.assignmentId), jobIdx: index().on(table.jobId) }),
)

/**
 * A verifier candidate's commitment, seat and reveal for a challenge. `status`: 'candidate' (committed,
 * the seats not drawn yet), 'seated' (VerifiersDrawn listed it), 'released' (the draw seated others,
 * or the challenge ended NoQuorum before any draw: its lock is back and it cannot reveal), 'evicted'
 * (a candidate with more stake took its place in a full list: its lock is back).
 */
export const challengeVote = onchainTable(
  'challenge_vote',
  (t) => ({
    challengeId: t.bigint().notNull(),
    verifier: t.hex().notNull(),
    /** The challenged job (denormalised from `challenge`, for the job page). */
    jobId: t.bigint().notNull(),
    commitment: t.hex().notNull(),
    status: t.text().notNull(),
    /** Who took its place (VerifierEvicted.by); null unless evicted. */
    evictedBy: t.hex(),
    /** The shard hash it revealed; null until revealed. */
    shardHash: t.hex(),
    committedAt: t.bigint().notNull(),
    revealedAt: t.bigint(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.challengeId, table.verifier] }), jobIdx: index().on(table.jobId) }),
)

/**
 * Money moving out of the market, one row per event. id = `${txHash}-${logIndex}`.
 * `type`: 'settlement' (AssignmentSettled: account = executor, amount = payment, fee and refund
 * set), 'credit' (Credited: account can now withdraw amount), 'withdrawal' (Withdrawn: to set),
 * 'job-refund' (JobFinalized: account = requester), 'fees' (FeesDistributed: amount = treasury
 * share, fee = burn vault share).
 */
export const payout = onchainTable(
  'payout',
  (t) => ({
    id: t.text().primaryKey(),
    type: t.text().notNull(),
    /** Null for 'fees'. */
    account: t.hex(),
    amount: t.bigint().notNull(),
    fee: t.bigint(),
    refund: t.bigint(),
    to: t.hex(),
    assignmentId: t.bigint(),
    jobId: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    accountIdx: index().on(table.account, table.type),
    jobIdx: index().on(table.jobId),
  }),
)

/**
 * Each slash of an assignment's collateral (JobMarket.AssignmentSlashed), with who was paid.
 * id = `${txHash}-${logIndex}`. Executors' totals (executor.timesSlashed/amountSlashed) come from
 * the registry, which also counts slashes outside assignments.
 */
export const slash = onchainTable(
  'slash',
  (t) => ({
    id: t.text().primaryKey(),
    executor: t.hex().notNull(),
    assignmentId: t.bigint().notNull(),
    jobId: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    beneficiary: t.hex().notNull(),
    /** The assignment's status after the slash ('Rejected', 'Reclaimed', ...), when known. */
    reason: t.text(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ executorIdx: index().on(table.executor), assignmentIdx: index().on(table.assignmentId) }),
)

/**
 * An executor the market never matches to a job again (JobMarket.ExecutorExcluded): it declined an
 * assignment of the job, missed an assignment's deadline, or its result was disproved or outvoted.
 */
export const jobExclusion = onchainTable(
  'job_exclusion',
  (t) => ({
    jobId: t.bigint().notNull(),
    executor: t.hex().notNull(),
    excludedAt: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.jobId, table.executor] }) }),
)

/** Per job kind market settings (CommissionSet, MinCollateralSet). */
export const marketKind = onchainTable('market_kind', (t) => ({
  kind: t.text().primaryKey(),
  commissionBps: t.integer(),
  minCollateral: t.bigint(),
  updatedAt: t.bigint().notNull(),
}))

/** Singleton (id = 'market'): market-wide totals. */
export const marketStats = onchainTable('market_stats', (t) => ({
  id: t.text().primaryKey(),
  jobCount: t.integer().notNull(),
  assignmentCount: t.integer().notNull(),
  /** Task replicas posted (taskCount x replication summed over jobs). */
  tasksPosted: t.bigint().notNull(),
  tasksSettled: t.bigint().notNull(),
  /** Sum of payments to executors, commission, and collateral slashed. */
  totalPaid: t.bigint().notNull(),
  totalFees: t.bigint().notNull(),
  totalSlashed: t.bigint().notNull(),
  feesToTreasury: t.bigint().notNull(),
  feesToBurnVault: t.bigint().notNull(),
  /** Share of commission sent to the burn vault (BurnShareSet); null before the event. */
  burnShareBps: t.integer(),
  treasury: t.hex(),
  updatedAt: t.bigint().notNull(),
}))

// Relations only add GraphQL fields (e.g. `job { assignments { items { ... } } }`); no SQL changes.
export const executorRelations = relations(executor, ({ many }) => ({
  assignments: many(assignment),
  asks: many(ask),
  slashes: many(slash),
  stakeEvents: many(stakeEvent),
}))

export const stakeEventRelations = relations(stakeEvent, ({ one }) => ({
  node: one(executor, { fields: [stakeEvent.node], references: [executor.address] }),
}))

export const askRelations = relations(ask, ({ one }) => ({
  node: one(executor, { fields: [ask.executor], references: [executor.address] }),
}))

export const jobRelations = relations(job, ({ many }) => ({
  assignments: many(assignment),
  groups: many(jobGroup),
  challenges: many(challenge),
  exclusions: many(jobExclusion),
}))

export const jobExclusionRelations = relations(jobExclusion, ({ one }) => ({
  job: one(job, { fields: [jobExclusion.jobId], references: [job.id] }),
  node: one(executor, { fields: [jobExclusion.executor], references: [executor.address] }),
}))

export const assignmentRelations = relations(assignment, ({ one, many }) => ({
  job: one(job, { fields: [assignment.jobId], references: [job.id] }),
  node: one(executor, { fields: [assignment.executor], references: [executor.address] }),
  group: one(jobGroup, { fields: [assignment.groupId], references: [jobGroup.id] }),
  challenges: many(challenge),
  slashes: many(slash),
}))

export const jobGroupRelations = relations(jobGroup, ({ one, many }) => ({
  job: one(job, { fields: [jobGroup.jobId], references: [job.id] }),
  assignments: many(assignment),
}))

export const challengeRelations = relations(challenge, ({ one, many }) => ({
  assignment: one(assignment, { fields: [challenge.assignmentId], references: [assignment.id] }),
  job: one(job, { fields: [challenge.jobId], references: [job.id] }),
  votes: many(challengeVote),
}))

export const challengeVoteRelations = relations(challengeVote, ({ one }) => ({
  challenge: one(challenge, { fields: [challengeVote.challengeId], references: [challenge.id] }),
}))

export const slashRelations = relations(slash, ({ one }) => ({
  node: one(executor, { fields: [slash.executor], references: [executor.address] }),
  assignment: one(assignment, { fields: [slash.assignmentId], references: [assignment.id] }),
}))
