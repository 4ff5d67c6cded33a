// The executor daemon's brain. Events (confirmed, reorg-checked) only tell it what to look at;
// every decision is taken from the chain's current state (getAssignment, getGroup, getChallenge),
// so an event seen twice, late, or from a block later orphaned can never make it act wrongly.
// Long work (computing shards) runs one item at a time beside the loop, so chain deadlines
// (reveals, proofs) are met while a big assignment computes.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ContentStore, isContentError, parseCid } from '@neuromation/content'
import { SandboxError, shardFileName } from '@neuromation/engine'
import type { Logger } from '@neuromation/runtime'
import {
  cancelAsk,
  challenge,
  commitResult,
  commitVerification,
  declineAssignment,
  deriveCommitSecret,
  deriveSalt,
  describeError,
  drawVerifiers,
  marketEnums,
  matchJob,
  merkleProof,
  merkleRoot,
  placeAsk,
  proveTask,
  readBodyCapped,
  reclaim,
  resolveChallenge,
  resolveGroup,
  resultCommitment,
  revealResult,
  revealVerification,
  settle,
  submitResult,
  verificationCommitment,
  withdraw,
} from '@neuromation/sdk'
import { type Address, type Hash, type Hex, sha256 } from 'viem'
import { readContract } from 'viem/actions'
import { AskStrategy } from './ask/AskStrategy'
import { askBacking } from './chain/askBacking'
import type { Chain } from './chain/createChain'
import { EventCursor } from './chain/EventCursor'
import { revertOf } from './chain/revertOf'
import { type MarketEvent, pollMarketEvents } from './chain/watchMarketEvents'
import { type ChallengeState, ChallengeStatus, challengeStep, seatsFixed } from './challenges/challengeStep'
import { type CommandHint, plainCommandHint } from './cli/commandHint'
import type { ExecutorConfig } from './config'
import { ExecutorError } from './ExecutorError'
import type { Metrics } from './metrics/Metrics'
import { ProgressBoard } from './metrics/ProgressBoard'
import { type OwnChallengeOutcome, OwnChallenges } from './state/OwnChallenges'
import { type AssignmentRecord, StateStore } from './state/StateStore'
import { AUDIT_QUEUE_MAX, type AuditEntry, AuditQueue } from './work/AuditQueue'
import { checkResultManifest, MAX_MANIFEST_BYTES } from './work/checkResultManifest'
import { checkUnitsPerTask } from './work/checkUnitsPerTask'
import { computeShard, MAX_SHARD_BYTES, PROBE_MIN_SAMPLES_PER_TASK, probeTasks } from './work/computeShard'
import { isPermanentFailure } from './work/isPermanentFailure'
import { JobLoader } from './work/JobLoader'
import { SpeedEstimate } from './work/SpeedEstimate'

// IJobMarket enums (uint8 order).
const A = {
  Assigned: 1,
  Committed: 2,
  Submitted: 3,
  Revealed: 4,
  Challenged: 5,
  Accepted: 6,
  Settled: 7,
  Rejected: 8,
  Reclaimed: 9,
  Released: 10,
}
const C = ChallengeStatus
/** How a challenge of this node's ended (ChallengeStatus -> OwnChallenges' outcome). */
const OWN_CHALLENGE_OUTCOMES: Record<number, Exclude<OwnChallengeOutcome, 'sent' | 'open'>> = {
  [C.ExecutorWon]: 'upheld',
  [C.ChallengerWon]: 'disproved',
  [C.NoQuorum]: 'no quorum',
}
const OPTIMISTIC = 0
const GENERATE = 'GENERATE'
/** IJobMarket.JobKind.GENERATE, the only kind this node runs. */
const JOB_KIND_GENERATE = 0
const SETTLE_BATCH = 50
/** How often one assignment is settled on the machine's clock alone, while the chain's says its window is still open. */
const EARLY_SETTLE_RETRY_MS = 30_000
/**
 * Others' lapsed optimistic assignments this node reclaims, so that a job whose executor vanished
 * gets its tasks back without waiting for its requester: past the deadline plus a grace of up to
 * this many seconds, drawn per assignment so that the nodes watching it do not all send at once.
 */
const RECLAIM_STAGGER_S = 60
/** Others' assignments watched for a lapse at most (the oldest are dropped first). */
const MAX_LAPSE_WATCH = 10_000
/** Lapsed assignments one tick reads from the chain (and may reclaim) at most. */
const RECLAIM_READS_PER_TICK = 8
// Audits are skipped when this little of the challenge window is left: a challenge must land in it.
const AUDIT_MARGIN_SECONDS = 10n
/** Others' result CIDs remembered for audits of a reopened challenge window (the oldest forgotten first). */
const RESULT_CIDS_KEPT = 4 * AUDIT_QUEUE_MAX
/** How long a failed work item waits before it is tried again. */
const RETRY_MS = 15_000
/**
 * An assignment whose job content (spec or bundle) cannot be fetched is declined once its free
 * decline window ends within this many seconds (a retry and a transaction): content that nobody
 * serves would otherwise be retried until the assignment lapsed and all its collateral was slashed
 * (a job posted with a CID of nothing costs its poster only gas).
 */
const FETCH_GIVE_UP_MARGIN_S = 30n
/**
 * The most bytes of shards one assignment may produce. The content store's addDirectory takes
 * every file's bytes at once, so the upload holds the whole result in memory: past this, a
 * hostile generator (each shard under MAX_SHARD_BYTES, many tasks) would exhaust the node's
 * memory on every try. 2 GiB: eight maximal shards, far above any honest assignment so far.
 */
const MAX_RESULT_BYTES = 2 * 1024 * 1024 * 1024
/**
 * How long a graceful stop waits for its ask to be cancelled: inside the shutdown grace (10 s),
 * leaving the rest for the work in progress. Best effort: on failure the ask stays and is logged.
 */
const CANCEL_ASK_ON_STOP_MS = 5_000

type WorkItem = { kind: 'assignment'; id: bigint } | { kind: 'verify'; challengeId: bigint } | ({ kind: 'audit' } & AuditEntry)
/** The order work is taken in: own assignments (a lapse costs collateral), verifications (a reward), audits (spare capacity). */
const WORK_RANK: Record<WorkItem['kind'], number> = { assignment: 0, verify: 1, audit: 2 }

/**
 * This node's part in verifying one challenge, kept in the data dir (a restart resumes it).
 * `notSeated`: why it holds no seat, final for the challenge: the candidate list was full of more
 * stake ('full'), a heavier candidate took its place ('evicted'), or the draw seated others
 * ('not drawn'); its lock is back in each case. `seated`: the draw (or a list of at most VERIFIERS
 * candidates) gave it a seat.
 */
type Verification = {
  shardHash?: Hex
  committed?: boolean
  revealed?: boolean
  failed?: string
  seated?: boolean
  notSeated?: 'full' | 'evicted' | 'not drawn'
  /**
   * Written before the commit is sent: the commitment, and the deployment its salt is derived for
   * (with the key, the purpose 'verify' and the challenge id). A commit mined while its receipt was
   * lost is then found on the chain (getVerifiers) and revealed, not left for its lock to be slashed.
   */
  commitSent?: { commitment: Hex; chainId: number; market: Address }
}

/** Resting jobs read per tick when looking for one to match (see matchRestingBid). */
const MATCH_READS_PER_TICK = 4
/** Assignments one matchJob of this node may create (it pays their gas; the cheapest asks get them). */
const MATCH_ASSIGNMENTS = 4n
/**
 * The longest a resting job's spec and generator.json are waited for before matching it: the
 * daemon's loop (reveals, proofs) waits meanwhile, so far less than the configured fetch timeout.
 */
const MATCH_FETCH_TIMEOUT_MS = 10_000

/** Reverts of drawVerifiers that only mean another node got there first, or the next block is needed. */
const DRAW_RACES = new Set(['DrawNotReady', 'VerifiersAlreadyDrawn'])

type SendOptions = {
  /**
   * A simulated revert that is an outcome here, not a failure: called with the decoded error;
   * returns true when it dealt with it (then nothing is logged as a failure).
   */
  onRevert?: (name: string, args: readonly unknown[]) => boolean
  /** A mined revert only means another node's transaction landed first: logged at debug. */
  racy?: boolean
  /**
   * A send retried every round (the ask): a failure with the same reason as the last one under
   * this key is logged at debug, so a lasting cause is said once, not every round.
   */
  repeats?: string
}

export type ExecutorOptions = {
  config: ExecutorConfig
  chain: Chain
  content: ContentStore
  logger: Logger
  metrics: Metrics
  /** TESTS ONLY: compute wrong shards on purpose (see computeShard). */
  cheat?: 'wrong-shard'
  /** Random source for audit choices (tests pin it). */
  random?: () => number
  /** How commands named in its logs are written (with the operator's --config). */
  hint?: CommandHint
}

export class Executor {
  private readonly log: Logger
  private readonly store: StateStore
  /** Others' results this node challenged, and how each challenge ended (never challenged again once one did not disprove it). */
  private readonly ownChallenges: OwnChallenges
  private readonly loader: JobLoader
  private readonly cursor: EventCursor
  private readonly strategy: AskStrategy
  private readonly me: Address
  private readonly hint: CommandHint
  private secret: Hex | undefined
  /** Own assignments not yet ended. */
  private readonly tracked = new Set<bigint>()
  /** Challenges this node must act on (prove, verify, resolve). */
  private readonly challenges = new Set<bigint>()
  /** Challenges past their commit deadline whose candidate list was read this run for an unrecorded commit of this node's (see verify). */
  private readonly listingChecked = new Set<bigint>()
  private readonly audits = new AuditQueue()
  /** Others' results seen (assignment id -> result CID), newest last: audited again if a window reopens. */
  private readonly resultCids = new Map<bigint, string>()
  /** The chain's time at the last tick (seconds). */
  private chainNow = 0n
  private readonly settleable = new Set<bigint>()
  /** Others' optimistic assignments without a result yet: when this node reclaims each if it lapses. */
  private readonly lapseWatch = new Map<bigint, bigint>()
  /** When each assignment was last sent to settle on the machine's clock alone (see driveAssignment). */
  private readonly earlySettleAt = new Map<bigint, number>()
  /** Own assignments computed and waiting for their challenge window or payout: id -> tasks. */
  private readonly waitingTasks = new Map<bigint, number>()
  /** Resting bids seen (job id -> its max price tick) that a freed ask could take. */
  private readonly restingBids = new Map<bigint, number>()
  /** A bid rested since the ask was last placed: worth placing it again once capacity is free. */
  private bidsChanged = false
  /** Resting jobs this node has not sent matchJob for since they last rested (see matchRestingBid). */
  private readonly bidsToMatch = new Set<bigint>()
  private readonly queue: WorkItem[] = []
  private working: { item: WorkItem; done: Promise<void>; preempt: AbortController } | undefined
  private readonly retryAt = new Map<string, number>()
  /** Work that failed for good and is not yet recorded in the data dir (see recordFailures). */
  private readonly failing = new Map<string, { item: WorkItem; reason: string }>()
  /** Own assignments' work in compute units (tasks x the job's unitsPerTask): to tell whether queued work can meet its deadline. */
  private readonly workUnits = new Map<bigint, bigint>()
  /** Compute units per second, from this node's own tasks and its declared speed (see SpeedEstimate). */
  private readonly speed: SpeedEstimate
  /** Own assignments whose job content could not be fetched yet: id -> the last reason. */
  private readonly fetchFailures = new Map<bigint, string>()
  private verifiers: number | undefined
  /** Tasks assigned to asks cheaper than this node's since its last price decision: demand its price lost. */
  private tasksLostBelow = 0
  /** Jobs of other kinds than GENERATE (from JobPosted, BidRested): not demand for this node's ask. */
  private readonly otherKindJobs = new Set<bigint>()
  private utilizationSum = 0
  private utilizationSamples = 0
  private lastAskAt = 0
  /** Hashes of this daemon's own cancelAsk transactions (to tell them from an operator's). */
  private readonly ownCancels = new Set<string>()
  /** The last failure of each repeated send (SendOptions.repeats), until one succeeds. */
  private readonly lastFailure = new Map<string, string>()
  /** Set when the operator cancelled the ask (`neuro-executor ask --cancel`): no ask until restart. */
  private askWithdrawn = false
  /** The chain's latest block at this run's first tick: events up to it are from before the start. */
  private runStartBlock: bigint | undefined
  private lastBlock: bigint | undefined
  private healthy = true
  /** Own assignments' work before their result is on the chain: served on GET /status. */
  readonly progress: ProgressBoard

  constructor(private readonly options: ExecutorOptions) {
    const { config, chain } = options
    this.log = options.logger
    this.me = chain.me
    this.hint = options.hint ?? plainCommandHint
    this.progress = new ProgressBoard(chain.me)
    this.store = new StateStore(config.dataDir)
    this.ownChallenges = new OwnChallenges(config.dataDir)
    this.loader = new JobLoader(options.content, {
      workers: config.workers,
      fetchTimeoutMs: config.fetchTimeoutMs,
      logger: this.log.child({ module: 'jobs' }),
    })
    this.cursor = new EventCursor(join(config.dataDir, 'cursor.json'), chain.chainId, chain.market.address)
    this.strategy = new AskStrategy(config.ask)
    this.speed = new SpeedEstimate(config.unitsPerSecond)
    options.metrics.set('neuro_executor_ask_price_tick', this.strategy.priceTick)
  }

  /** For /health. */
  status(): { ok: boolean; detail: Record<string, unknown> } {
    return {
      ok: this.healthy,
      detail: {
        executor: this.me,
        lastBlock: this.lastBlock?.toString() ?? null,
        assignments: this.tracked.size,
        working: this.working ? this.describe(this.working.item) : null,
        queued: this.queue.length,
      },
    }
  }

  /**
   * Runs until `signal` aborts: recovers state (own open assignments from the data dir and the
   * chain's events since the cursor), then polls. RPC failures back off (1 s doubling to 30 s)
   * and resume at the cursor: nothing is lost while the node is unreachable.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.secret = await deriveCommitSecret(this.options.chain.account)
    const { chainId, market } = this.options.chain
    const previous = this.store.claim({ chainId, market: market.address })
    if (previous) {
      this.log.warn({
        msg: 'data dir was of another deployment: its state is set aside (under stale/) and this node starts clean',
        previous,
        chainId,
        market: market.address,
      })
    }
    this.ownChallenges.load()
    for (const record of this.store.list()) this.tracked.add(BigInt(record.assignmentId))
    for (const id of this.store.challenges()) this.challenges.add(BigInt(id))
    this.pruneVerifications()
    this.log.info({
      msg: 'executor starting',
      executor: this.me,
      chainId: this.options.chain.chainId,
      recovered: this.tracked.size,
      cheat: this.options.cheat ?? null,
    })
    let backoff = 1_000
    while (!signal.aborted) {
      try {
        await this.tick(signal)
        backoff = 1_000
        this.healthy = true
        await sleep(this.options.config.pollIntervalMs, signal)
      } catch (error) {
        if (signal.aborted) break
        this.healthy = false
        this.options.metrics.inc('neuro_executor_rpc_errors_total')
        this.log.warn({ msg: 'poll failed; retrying', retryInMs: backoff, error: describeError(error) })
        await sleep(backoff, signal)
        backoff = Math.min(backoff * 2, 30_000)
      }
    }
    if (this.options.config.cancelAskOnStop) await this.cancelAskOnStop()
    // Abandon the current work cleanly: the sandbox stops at its next sample, no partial shard
    // keeps its real name, and the item is picked up again on the next start.
    await this.working?.done.catch(() => {})
    await this.loader.close()
  }

  /** One round: new events, then every tracked item driven from the chain's state. */
  async tick(signal: AbortSignal): Promise<void> {
    const last = await pollMarketEvents({
      chain: this.options.chain,
      cursor: this.cursor,
      confirmations: this.options.config.confirmations,
      pageBlocks: this.options.config.logPageBlocks,
      logger: this.log.child({ module: 'events' }),
      handle: (event) => this.onEvent(event),
      signal,
    })
    if (last !== undefined) {
      this.lastBlock = last
      this.options.metrics.set('neuro_executor_last_block', Number(last))
    }
    const latest = await this.options.chain.publicClient.getBlock({ blockTag: 'latest' })
    const now = latest.timestamp
    this.chainNow = now
    this.runStartBlock ??= latest.number ?? 0n
    await this.recordFailures()
    // One item's failure (a revert, a missing record) must not stall the others.
    for (const id of [...this.tracked]) {
      if (signal.aborted) return
      await this.driveAssignment(id, now).catch((error) => this.itemFailed('assignment', id, error))
    }
    for (const id of [...this.challenges]) {
      if (signal.aborted) return
      await this.driveChallenge(id, now).catch((error) => this.itemFailed('challenge', id, error))
    }
    this.options.metrics.set('neuro_executor_assignments_open', this.tracked.size)
    await this.settleFinal()
    await this.reclaimLapsed(now, signal)
    await this.manageAsk()
    await this.maybeWithdraw()
    this.startWork(signal)
  }

  /** Watches another node's new optimistic assignment (replicated groups end through resolveGroup). */
  private watchForLapse(args: Record<string, unknown>): void {
    if ((args.groupId as bigint) !== 0n) return
    const stagger = BigInt(Math.floor((this.options.random ?? Math.random)() * RECLAIM_STAGGER_S))
    this.lapseWatch.set(args.assignmentId as bigint, (args.deadline as bigint) + 1n + stagger)
    if (this.lapseWatch.size > MAX_LAPSE_WATCH) this.lapseWatch.delete(this.lapseWatch.keys().next().value as bigint)
  }

  /**
   * Reclaims others' optimistic assignments that passed their deadline without a result (anyone
   * may; the tasks go back to the book, where this node can take them). The chain is read first:
   * the watch list comes from events and may hold an assignment a reorg orphaned or one already
   * ended. A few per tick (a node catching up on a long history must not read them all at once),
   * each tried once (a race lost to another node only reverts).
   */
  private async reclaimLapsed(now: bigint, signal: AbortSignal): Promise<void> {
    let reads = 0
    for (const [id, due] of this.lapseWatch) {
      if (signal.aborted || reads >= RECLAIM_READS_PER_TICK) return
      if (due > now) continue
      this.lapseWatch.delete(id)
      reads++
      let a: Awaited<ReturnType<Executor['assignment']>>
      try {
        a = await this.assignment(id)
      } catch (error) {
        // Orphaned by a reorg: forget it. Otherwise the RPC failed: keep it for a later tick.
        if (revertName(error) !== 'UnknownAssignment') this.lapseWatch.set(id, due)
        return
      }
      if (a.status !== A.Assigned || a.deadline >= now) continue
      await this.send(
        'lapsed assignment reclaimed',
        { assignmentId: id, executor: a.executor },
        () => reclaim(this.wallet, { assignmentId: id }),
        { racy: true },
      )
    }
  }

  private itemFailed(kind: 'assignment' | 'challenge', id: bigint, error: unknown): void {
    const name = revertName(error)
    if (name === 'UnknownAssignment' || name === 'UnknownChallenge') {
      // Not on this chain (a data dir kept across a reset local chain): forget it.
      this.log.warn({ msg: `unknown ${kind}: forgetting it`, id })
      if (kind === 'assignment') {
        this.forgetAssignment(id)
      } else this.challenges.delete(id)
      return
    }
    this.log.warn({ msg: `${kind} not handled this round`, id, reason: describeError(error) })
  }

  // ------------------------------------------------------------------ events

  private onEvent(event: MarketEvent): void {
    const args = event.args
    const mine = (a: unknown) => typeof a === 'string' && a.toLowerCase() === this.me.toLowerCase()
    switch (event.eventName) {
      case 'TasksAssigned':
        if (mine(args.executor)) {
          const id = args.assignmentId as bigint
          this.tracked.add(id)
          // Recorded before the cursor moves past this event: a node killed now still knows the
          // assignment after a restart (the chain then says what is left to do).
          if (!this.store.get(id)) {
            this.store.put({
              assignmentId: String(id),
              jobId: String(args.jobId),
              firstTask: Number(args.firstTask),
              taskCount: Number(args.taskCount),
            })
          }
          this.log.info({
            msg: 'tasks assigned',
            assignmentId: id,
            jobId: args.jobId,
            firstTask: args.firstTask,
            taskCount: args.taskCount,
            priceTick: args.priceTick,
          })
        } else {
          this.watchForLapse(args)
          if (
            // Demand lost to a cheaper ask now, not history read while catching up from the cursor.
            this.runStartBlock !== undefined &&
            (event.blockNumber ?? 0n) > this.runStartBlock &&
            !this.otherKindJobs.has(args.jobId as bigint) &&
            Number(args.priceTick) < this.strategy.priceTick
          ) {
            this.tasksLostBelow += Number(args.taskCount)
          }
        }
        break
      case 'JobPosted':
        if (Number(args.kind) !== JOB_KIND_GENERATE) this.otherKindJobs.add(args.jobId as bigint)
        break
      case 'BidRested':
        if (Number(args.kind) !== JOB_KIND_GENERATE) this.otherKindJobs.add(args.jobId as bigint)
        this.restingBids.set(args.jobId as bigint, Number(args.maxPriceTick))
        this.bidsToMatch.add(args.jobId as bigint)
        this.bidsChanged = true
        break
      case 'BidRemoved':
        this.restingBids.delete(args.jobId as bigint)
        this.bidsToMatch.delete(args.jobId as bigint)
        break
      case 'ResultSubmitted':
        this.lapseWatch.delete(args.assignmentId as bigint)
        if (this.options.config.audit && !this.tracked.has(args.assignmentId as bigint)) {
          const entry = {
            assignmentId: args.assignmentId as bigint,
            resultCid: String(args.resultCid),
            challengeEnd: BigInt(args.challengeEnd as bigint),
          }
          this.audits.add(entry, this.chainNow)
          this.resultCids.set(entry.assignmentId, entry.resultCid)
          if (this.resultCids.size > RESULT_CIDS_KEPT) this.resultCids.delete(this.resultCids.keys().next().value as bigint)
        }
        break
      case 'ChallengeWindowReopened': {
        // A challenge that did not disprove a result (maybe of an honest task, opened to keep
        // others from challenging a forged one) gave its window back: audit it again, unless that
        // challenge was this node's own (its recomputation would only disagree again).
        const resultCid = this.resultCids.get(args.assignmentId as bigint)
        if (resultCid !== undefined && this.ownChallenges.mayChallenge(args.assignmentId as bigint)) {
          this.audits.add(
            { assignmentId: args.assignmentId as bigint, resultCid, challengeEnd: BigInt(args.challengeEnd as bigint) },
            this.chainNow,
          )
        }
        break
      }
      case 'ChallengeOpened':
      case 'TaskProven':
        if (!this.challenges.has(args.challengeId as bigint)) {
          this.challenges.add(args.challengeId as bigint)
          this.store.setChallenges(this.challenges)
        }
        break
      case 'AssignmentReclaimed':
      case 'AssignmentReleased':
        this.lapseWatch.delete(args.assignmentId as bigint)
        break
      case 'AssignmentSettled':
        this.ownChallenges.forget(args.assignmentId as bigint)
        if (mine(args.executor)) {
          this.options.metrics.inc('neuro_executor_earnings_ntk_total', Number(args.payment as bigint) / 1e18)
        }
        break
      case 'AssignmentSlashed':
        if (mine(args.executor)) {
          this.options.metrics.inc('neuro_executor_slashes_total')
          this.options.metrics.inc('neuro_executor_slashed_ntk_total', Number(args.amount as bigint) / 1e18)
          this.log.error({ msg: 'slashed', assignmentId: args.assignmentId, amount: args.amount })
        }
        break
      case 'AskRemoved':
        if (mine(args.executor)) {
          const external =
            // Cancelled: the executor's own cancelAsk (this daemon, or `neuro-executor ask --cancel`).
            marketEnums.name('askRemoval', args.reason as number) === 'Cancelled' &&
            this.runStartBlock !== undefined &&
            (event.blockNumber ?? 0n) > this.runStartBlock &&
            !this.ownCancels.has(String(event.transactionHash).toLowerCase())
          if (external) {
            // The operator took the ask out (`neuro-executor ask --cancel`): placing it again would
            // undo that. Work already assigned is still done; the ask returns on restart.
            this.askWithdrawn = true
            this.log.warn({
              msg: 'ask cancelled by the operator: staying out of the book until this daemon restarts',
              tx: event.transactionHash,
            })
            break
          }
          this.lastAskAt = 0 // re-check the ask on this tick
          this.log.warn({ msg: 'ask removed from the book', reason: marketEnums.name('askRemoval', args.reason as number) })
        }
        break
    }
  }

  // ------------------------------------------------------------------ reads

  private read<T>(contract: 'market' | 'registry', functionName: string, args: readonly unknown[] = []): Promise<T> {
    const c = this.options.chain[contract]
    return readContract(this.options.chain.publicClient, {
      address: c.address,
      abi: c.abi,
      functionName,
      args,
    } as never) as Promise<T>
  }

  private assignment(id: bigint) {
    return this.read<{
      jobId: bigint
      executor: Address
      status: number
      firstTask: number
      taskCount: number
      groupId: bigint
      deadline: bigint
      challengeEnd: bigint
      root: Hex
    }>('market', 'getAssignment', [id])
  }

  /**
   * Read afresh every time (once per computed assignment, audit or verification: cheap), never
   * cached: a job's fields never change, but its id does not name one job for good. A reorg can
   * orphan job N and the next job posted takes N again with another spec, and a cached spec would
   * then compute (and audit, and verify) the orphaned job's dataset for the canonical one.
   */
  private async readJob(jobId: bigint) {
    return this.read<{
      verification: number
      replication: number
      specCid: string
      status: number
      tasksUnassigned: number
      deadline: bigint
      collateralPerTask: bigint
      challengeWindow: number
      unitsPerTask: bigint
      secondsPerTask: number
      maxPriceTick: number
    }>('market', 'getJob', [jobId])
  }

  // ------------------------------------------------------------------ transactions

  /**
   * Sends one transaction and waits for it; a revert is logged decoded and reported as false
   * (unless `options` says it is an expected outcome).
   */
  private async send(
    what: string,
    fields: Record<string, unknown>,
    write: () => Promise<Hash | { hash: Hash }>,
    options: SendOptions = {},
  ): Promise<boolean> {
    try {
      const sent = await write()
      const hash = typeof sent === 'string' ? sent : sent.hash
      const receipt = await this.options.chain.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
      if (receipt.status !== 'success') {
        if (options.racy) this.log.debug({ msg: `${what} reverted: another transaction landed first`, ...fields, hash })
        else this.log.warn({ msg: `${what} reverted`, ...fields, hash })
        return false
      }
      this.log.info({ msg: what, ...fields, hash })
      if (options.repeats !== undefined) this.lastFailure.delete(options.repeats)
      return true
    } catch (error) {
      const reverted = revertOf(error)
      if (reverted && options.onRevert?.(reverted.name, reverted.args)) return false
      const reason = describeError(error)
      const repeated = options.repeats !== undefined && this.lastFailure.get(options.repeats) === reason
      if (options.repeats !== undefined) this.lastFailure.set(options.repeats, reason)
      this.log[repeated ? 'debug' : 'warn']({ msg: `${what} failed`, ...fields, reason })
      return false
    }
  }

  private get wallet() {
    return this.options.chain.walletClient
  }

  private salt(purpose: 'result' | 'verify', id: bigint): Hex {
    return deriveSalt(this.secret as Hex, this.options.chain.chainId, this.options.chain.market.address, purpose, id)
  }

  // ------------------------------------------------------------------ own assignments

  private async driveAssignment(id: bigint, now: bigint): Promise<void> {
    const a = await this.assignment(id)
    const record = this.store.get(id)
    const stale =
      record !== undefined &&
      (record.jobId !== String(a.jobId) || record.firstTask !== a.firstTask || record.taskCount !== a.taskCount)
    if (a.executor.toLowerCase() !== this.me.toLowerCase() || stale) {
      // A local record the chain does not back (a data dir of another chain or account, or an
      // assignment orphaned by a reorg whose id now names another range): acting on it would
      // compute and submit for someone else's assignment on every tick, or submit a root (and
      // reuse shards) of tasks this assignment does not hold.
      this.log.warn({
        msg: "assignment on chain is not this node's: dropping the local record",
        assignmentId: id,
        executor: a.executor,
        jobId: a.jobId,
        recordJobId: record?.jobId ?? null,
      })
      this.forgetAssignment(id)
      return
    }
    // Computed tasks waiting for their window (or payout) hold ask capacity without using the node.
    if (a.status === A.Submitted || a.status === A.Accepted) this.waitingTasks.set(id, a.taskCount)
    else this.waitingTasks.delete(id)
    switch (a.status) {
      case A.Assigned: {
        const work = { jobId: String(a.jobId), tasksTotal: a.taskCount }
        if (record?.failed) {
          this.progress.set(id, { ...work, state: 'failed', error: record.failed.slice(0, 500) })
          if (!record.declineAnswered) await this.decline(id, record)
          return // declined, or (past its window) left to lapse: see README "Hostile bundles"
        }
        if (!record?.root) {
          if (now > a.deadline) {
            this.progress.remove(id)
            return // too late to compute: it will be reclaimed
          }
          const fetchFailure = this.fetchFailures.get(id)
          if (fetchFailure !== undefined && (await this.freeDeclineEnding(id, now))) {
            this.failForGood(
              { kind: 'assignment', id },
              `its job's content could not be fetched before declining stopped being free (${fetchFailure})`,
            )
            return
          }
          const late = await this.finishesLate(id, a, now)
          if (late !== undefined && (await this.freeDeclineEnding(id, now, { whileFree: true }))) {
            this.failForGood(
              { kind: 'assignment', id },
              `queued behind other work, it would finish at ${late} at best, after its deadline ${a.deadline} (declined while that is free)`,
            )
            return
          }
          if (!this.progress.has(id)) this.progress.set(id, { ...work, state: 'queued' })
          return this.enqueue({ kind: 'assignment', id })
        }
        this.fetchFailures.delete(id)
        if (now > a.deadline) {
          this.progress.remove(id)
          return // too late: it will be reclaimed
        }
        this.progress.set(id, { ...work, state: 'submitting', tasksDone: a.taskCount })
        const job = await this.readJob(a.jobId)
        if (job.verification === OPTIMISTIC) {
          await this.send('result submitted', { assignmentId: id, root: record.root, resultCid: record.resultCid }, () =>
            submitResult(this.wallet, { assignmentId: id, root: record.root as Hex, resultCid: record.resultCid as string }),
          )
        } else {
          const commitment = resultCommitment(record.root, this.me, this.salt('result', id))
          await this.send('result committed', { assignmentId: id }, () =>
            commitResult(this.wallet, { assignmentId: id, commitment }),
          )
        }
        return
      }
      case A.Committed: {
        if (!record?.root || !record.resultCid) return this.enqueue({ kind: 'assignment', id }) // data dir lost: recompute
        const group = await this.read<{
          commits: number
          declines: number
          replication: number
          commitDeadline: bigint
          revealDeadline: bigint
        }>('market', 'getGroup', [a.groupId])
        // Declined replicas never commit: reveals open without waiting for them.
        const open = group.commits + group.declines >= group.replication || now > group.commitDeadline
        // Committed: the result exists, the reveal is what is left to send.
        if (now > group.revealDeadline) this.progress.remove(id)
        else
          this.progress.set(id, { jobId: String(a.jobId), tasksTotal: a.taskCount, tasksDone: a.taskCount, state: 'submitting' })
        if (!open || now > group.revealDeadline) return
        await this.send('result revealed', { assignmentId: id, root: record.root }, () =>
          revealResult(this.wallet, {
            assignmentId: id,
            root: record.root as Hex,
            resultCid: record.resultCid as string,
            salt: this.salt('result', id),
          }),
        )
        return
      }
      case A.Revealed: {
        this.progress.remove(id)
        const group = await this.read<{
          reveals: number
          declines: number
          replication: number
          revealDeadline: bigint
          resolved: boolean
        }>('market', 'getGroup', [a.groupId])
        if (!group.resolved && (group.reveals + group.declines >= group.replication || now > group.revealDeadline)) {
          await this.send('group resolved', { groupId: a.groupId }, () => resolveGroup(this.wallet, { groupId: a.groupId }))
        }
        return
      }
      case A.Submitted:
        this.progress.remove(id)
        // The window ends at a chain time, but a chain that mines only on demand (anvil) keeps its
        // latest timestamp until the next transaction, which gets the current time: waiting for a
        // newer block could wait forever. An early settle only pays nothing (settle skips results
        // still in their window). A chain whose clock lags the machine's (set back by a revert, or
        // a lagging node) would make that an empty settle on every poll: one per EARLY_SETTLE_RETRY_MS.
        if (now > a.challengeEnd) this.settleable.add(id)
        else if (BigInt(Math.floor(Date.now() / 1000)) > a.challengeEnd) {
          const last = this.earlySettleAt.get(id)
          if (last === undefined || Date.now() - last >= EARLY_SETTLE_RETRY_MS) {
            this.earlySettleAt.set(id, Date.now())
            this.settleable.add(id)
          }
        }
        return
      case A.Accepted:
        this.progress.remove(id)
        this.settleable.add(id)
        return
      case A.Challenged:
        this.progress.remove(id)
        return // driveChallenge proves it
      default: {
        // Settled, Rejected, Reclaimed, Released: over.
        const ended = ['', '', '', '', '', '', '', 'settled', 'rejected', 'reclaimed', 'released'][a.status] ?? 'unknown'
        this.log.info({ msg: 'assignment ended', assignmentId: id, outcome: ended })
        this.forgetAssignment(id)
      }
    }
  }

  /**
   * Hands back an assignment whose work failed for good here (a hostile bundle, a generator that
   * throws): its tasks go to other nodes (a replica's group goes on without it) and the market
   * never matches this node to that job again, so the node stays in the book at its own price.
   * Free within half of one task's time after the assignment; later the market slashes a share of
   * the collateral that grows to half of it at the deadline (less than letting it lapse). Sent
   * until the market answers (a transient RPC failure is retried next tick), then never again.
   */
  private async decline(id: bigint, record: AssignmentRecord): Promise<void> {
    let answered = false
    const declined = await this.send(
      'assignment declined: its tasks go to other nodes, and this job never comes back here',
      { assignmentId: id, jobId: record.jobId },
      () => declineAssignment(this.wallet, { assignmentId: id }),
      {
        onRevert: (name, args) => {
          answered = true
          this.log.warn({
            msg: 'assignment cannot be declined: it lapses and its collateral is slashed',
            assignmentId: id,
            reason:
              name === 'DeclineWindowClosed' ? `its deadline passed at ${new Date(Number(args[1]) * 1000).toISOString()}` : name,
          })
          return true
        },
      },
    )
    if (declined || answered) this.store.put({ ...record, declineAnswered: true })
  }

  private async settleFinal(): Promise<void> {
    if (this.settleable.size === 0) return
    const batch = [...this.settleable].slice(0, SETTLE_BATCH)
    const ok = await this.send('assignments settled', { assignmentIds: batch.map(String) }, () =>
      settle(this.wallet, { assignmentIds: batch }),
    )
    if (ok) for (const id of batch) this.settleable.delete(id)
  }

  // ------------------------------------------------------------------ challenges

  private async driveChallenge(challengeId: bigint, now: bigint): Promise<void> {
    const c = await this.read<ChallengeState>('market', 'getChallenge', [challengeId])
    const same = (x: Address) => x.toLowerCase() === this.me.toLowerCase()
    const resolved = c.status !== C.AwaitingProof && c.status !== C.Verifying
    // Its own challenges are recorded from the chain, not from this node's memory of sending them:
    // one whose receipt was lost, or sent before a crash, replaces its 'sent' entry (see audit).
    if (same(c.challenger)) {
      this.ownChallenges.record({
        assignmentId: c.assignmentId,
        taskIndex: c.taskIndex,
        challengeId,
        outcome: resolved ? (OWN_CHALLENGE_OUTCOMES[c.status] ?? 'disproved') : 'open',
      })
    }
    if (resolved) {
      // Whoever sent the resolving transaction (challenger, executor or a verifier: they race, and
      // the others' calls revert with WrongChallengeStatus), every node following it reports the
      // outcome once, here, before forgetting it.
      const outcome = marketEnums.name('challengeStatus', c.status)
      this.log.info({ msg: 'challenge resolved', challengeId, assignmentId: c.assignmentId, outcome })
      this.challenges.delete(challengeId)
      this.listingChecked.delete(challengeId)
      this.store.setChallenges(this.challenges)
      // Its part in the challenge (if any) is over: the file would only grow the data dir.
      rmSync(this.verificationPath(challengeId), { force: true })
      return
    }
    const a = await this.assignment(c.assignmentId)
    const seats = c.status === C.Verifying ? await this.verifierSeats() : 0
    const party = same(a.executor) || same(c.challenger)
    if (same(a.executor)) {
      if (c.status === C.AwaitingProof && now <= c.proofDeadline)
        await this.prove(challengeId, c.assignmentId, c.taskIndex, a.firstTask)
    } else if (!same(c.challenger) && this.options.config.verify && c.status === C.Verifying) {
      await this.verify(challengeId, c, now, seats)
    }
    // A candidate still in the running: committed, not turned away, evicted or passed over.
    const v = this.verification(challengeId)
    const candidate = v.committed === true && v.notSeated === undefined
    const step = challengeStep(c, now, seats)
    if (step === 'draw' && (party || (candidate && (await this.stillCandidate(challengeId))))) await this.draw(challengeId, c)
    if (step === 'resolve' && (party || candidate)) {
      await this.send('challenge resolution sent', { challengeId }, () => resolveChallenge(this.wallet, { challengeId }))
    }
  }

  /** IJobMarket.VERIFIERS, read once (3 when the read fails: the market's constant so far). */
  private async verifierSeats(): Promise<number> {
    this.verifiers ??= await this.read<bigint>('market', 'VERIFIERS')
      .then(Number)
      .catch(() => 3)
    return this.verifiers
  }

  /**
   * Whether this node is still on the challenge's candidate list (getVerifiers before the draw). A
   * candidate with more stake may have taken its place in a full list: then its lock is back and
   * the challenge is no longer its business (recorded, and logged once). Read from the chain, not
   * from VerifierEvicted, so that an event of an orphaned block cannot make it skip its reveal.
   */
  private async stillCandidate(challengeId: bigint): Promise<boolean> {
    if (await this.listedAsVerifier(challengeId)) return true
    this.saveVerification(challengeId, { ...this.verification(challengeId), notSeated: 'evicted' })
    this.log.info({ msg: 'evicted from the verifier candidates by more stake: lock released', challengeId })
    return false
  }

  /** Whether getVerifiers lists this node: a candidate before the draw, a seat after it. */
  private async listedAsVerifier(challengeId: bigint): Promise<boolean> {
    const listed = await this.read<readonly Address[]>('market', 'getVerifiers', [challengeId])
    return listed.some((x) => x.toLowerCase() === this.me.toLowerCase())
  }

  /**
   * Seats the verifiers of a challenge with more candidates than seats: the first call fixes the
   * seed block, a call in a later block draws. The parties and every candidate send it, so several
   * nodes race: DrawNotReady (the seed block is the latest: the next block draws) and
   * VerifiersAlreadyDrawn (another node drew) are answers, not failures.
   */
  private async draw(challengeId: bigint, c: ChallengeState): Promise<void> {
    const fields = { challengeId, candidates: c.commits, step: c.drawBlock === 0n ? 'fix seed block' : 'draw' }
    await this.send('verifier draw sent', fields, () => drawVerifiers(this.wallet, { challengeId }), {
      racy: true,
      onRevert: (name) => {
        if (!DRAW_RACES.has(name)) return false
        this.log.debug({
          msg: 'verifier draw not sent: another node drew, or the seed block is the latest',
          challengeId,
          reason: name,
        })
        return true
      },
    })
  }

  private async prove(challengeId: bigint, assignmentId: bigint, taskIndex: number, firstTask: number): Promise<void> {
    const record = this.store.get(assignmentId)
    if (!record?.shardHashes) return this.enqueue({ kind: 'assignment', id: assignmentId }) // recompute, then prove
    const results = record.shardHashes.map((shardHash, i) => ({ taskIndex: firstTask + i, shardHash }))
    const position = taskIndex - firstTask
    await this.send('task proven', { challengeId, assignmentId, taskIndex }, () =>
      proveTask(this.wallet, {
        challengeId,
        shardHash: record.shardHashes?.[position] as Hex,
        proof: merkleProof(results, position),
      }),
    )
  }

  /** Deletes the verification files of challenges no longer followed (resolved while a recompute was running). */
  private pruneVerifications(): void {
    const dir = join(this.store.dataDir, 'verifications')
    if (!existsSync(dir)) return
    for (const file of readdirSync(dir)) {
      const id = /^(\d+)\.json$/.exec(file)?.[1]
      if (id === undefined || !this.challenges.has(BigInt(id))) rmSync(join(dir, file), { force: true })
    }
  }

  private verificationPath(challengeId: bigint): string {
    return join(this.store.dataDir, 'verifications', `${challengeId}.json`)
  }

  private verification(challengeId: bigint): Verification {
    const path = this.verificationPath(challengeId)
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Verification) : {}
  }

  private saveVerification(challengeId: bigint, v: Verification): void {
    const path = this.verificationPath(challengeId)
    mkdirSync(join(this.store.dataDir, 'verifications'), { recursive: true })
    writeFileSync(`${path}.tmp`, JSON.stringify(v))
    renameSync(`${path}.tmp`, path)
  }

  /**
   * Its own part in a proven challenge it is no party to: recompute the task, commit as a
   * candidate while the list is open (until the commit deadline, however many committed: the
   * seats are drawn by stake), learn whether it got a seat once the seats are fixed, and reveal
   * if so.
   */
  private async verify(challengeId: bigint, c: ChallengeState, now: bigint, seats: number): Promise<void> {
    let v = this.verification(challengeId)
    if (v.failed || v.notSeated) return
    // A commit sent whose receipt never came (an RPC timeout, a crash before the record was
    // written) may have been mined: the chain's list says so, and then it must be revealed. Before
    // the commit deadline that is asked before sending again; after it, once per run (its record
    // may have been lost with the data dir: a candidate, or a seat, is still on the chain).
    const unsure = v.commitSent !== undefined || now > c.commitDeadline
    if (!v.committed && unsure && !this.listingChecked.has(challengeId)) {
      if (now > c.commitDeadline) this.listingChecked.add(challengeId)
      if (await this.listedAsVerifier(challengeId)) v = this.markCommitted(challengeId, v, 'found on the chain')
    }
    if (!v.committed) {
      if (now > c.commitDeadline) return
      if (!v.shardHash) return this.enqueue({ kind: 'verify', challengeId })
      const commitment = verificationCommitment(v.shardHash, this.me, this.salt('verify', challengeId))
      // Recorded before sending, with what the salt is derived from (with the key): a commit
      // mined but not recorded is then looked for on the chain (above) and revealed.
      const { chainId, market } = this.options.chain
      v = { ...v, commitSent: { commitment, chainId, market: market.address } }
      this.saveVerification(challengeId, v)
      let notAllowed = false
      const sent = v
      const committed = await this.send(
        'verification committed',
        { challengeId },
        () => commitVerification(this.wallet, { challengeId, commitment }),
        {
          onRevert: (name, args) => {
            if (name === 'NotAllowedToVerify') {
              // A candidate's second commit (the first one mined unseen), or a node that may not verify.
              notAllowed = true
              return true
            }
            if (name !== 'VerifierCandidatesFull') return false
            // Final for this challenge: waiting adds no stake, and the list only gets heavier.
            this.saveVerification(challengeId, { ...sent, notSeated: 'full' })
            this.log.info({
              msg: 'verifier candidates full: not a candidate for this challenge',
              challengeId,
              stake: args[1],
              lightestCandidate: args[2],
            })
            return true
          },
        },
      )
      if (committed) this.markCommitted(challengeId, v)
      else if (notAllowed) {
        if (await this.listedAsVerifier(challengeId)) this.markCommitted(challengeId, v, 'found on the chain')
        else {
          this.saveVerification(challengeId, { ...v, failed: 'NotAllowedToVerify' })
          this.log.warn({ msg: 'not allowed to verify this challenge (a party, or not registered)', challengeId })
        }
      }
      return
    }
    if (!seatsFixed(c, now, seats)) return // the list is open, or the draw is still to come
    if (!v.seated) {
      if (!(await this.listedAsVerifier(challengeId))) {
        this.saveVerification(challengeId, { ...v, notSeated: 'not drawn' })
        this.log.info({ msg: 'not seated by the verifier draw: lock released', challengeId, candidates: c.commits })
        return
      }
      this.saveVerification(challengeId, { ...v, seated: true })
      this.options.metrics.inc('neuro_executor_verifier_seats_total')
      this.log.info({ msg: 'seated as verifier', challengeId, drawn: c.drawn })
    }
    if (v.revealed || now > c.revealDeadline) return
    // Seated after a commit found on the chain with its record lost: recompute, then reveal.
    if (!v.shardHash) return this.enqueue({ kind: 'verify', challengeId })
    if (
      await this.send('verification revealed', { challengeId, shardHash: v.shardHash }, () =>
        revealVerification(this.wallet, { challengeId, shardHash: v.shardHash as Hex, salt: this.salt('verify', challengeId) }),
      )
    ) {
      this.saveVerification(challengeId, { ...this.verification(challengeId), revealed: true })
    }
  }

  /** Records this node as a verifier candidate of `challengeId` (its commit is on the chain). */
  private markCommitted(challengeId: bigint, v: Verification, how?: string): Verification {
    const committed = { ...v, committed: true }
    this.saveVerification(challengeId, committed)
    this.options.metrics.inc('neuro_executor_verifier_candidacies_total')
    if (how) this.log.info({ msg: `verification commit ${how}: a candidate`, challengeId })
    return committed
  }

  // ------------------------------------------------------------------ asks and credits

  /**
   * Keeps the ask in the book at the right price and capacity. The market counts a task against
   * the ask until it is paid, so tasks computed and waiting for their challenge window would hold
   * the node's capacity while it idles: the ask's capacity is the configured one plus those tasks
   * (as far as free stake backs it), re-placed as soon as it changes. Placing an ask also takes
   * resting bids, so a job larger than the book's capacity continues as soon as a node is free.
   * The price itself changes only every interval (the adaptive strategy observes per interval).
   */
  private async manageAsk(): Promise<void> {
    if (this.askWithdrawn) return
    const ask = await this.read<{ active: boolean; priceTick: number; capacity: number; inFlight: number }>('market', 'getAsk', [
      this.me,
      0,
    ])
    const waiting = [...this.waitingTasks.values()].reduce((sum, n) => sum + n, 0)
    const computing = Math.max(0, ask.inFlight - waiting)
    this.utilizationSum += ask.active || ask.inFlight > 0 ? Math.min(1, computing / this.options.config.capacity) : 0
    this.utilizationSamples++
    const interval = Math.max(10_000, this.options.config.pollIntervalMs * 5)
    let price = this.strategy.priceTick
    if (Date.now() - this.lastAskAt >= interval) {
      this.lastAskAt = Date.now()
      // Demand a lower price could win: tasks that went to cheaper asks, and bids resting below
      // this price that its minimum can still reach. None: the adaptive price holds (no jobs to win).
      const { minTick } = this.options.config.ask
      const bidsBelow = [...this.restingBids].filter(
        ([jobId, maxTick]) => maxTick >= minTick && maxTick < price && !this.otherKindJobs.has(jobId),
      ).length
      price = this.strategy.observe({
        utilization: this.utilizationSamples ? this.utilizationSum / this.utilizationSamples : 0,
        demandBelow: this.tasksLostBelow + bidsBelow,
      })
      this.tasksLostBelow = 0
      this.utilizationSum = 0
      this.utilizationSamples = 0
      this.options.metrics.set('neuro_executor_ask_price_tick', price)
    } else if (!ask.active) {
      return // between intervals only a placed, unpaused ask is adjusted
    }
    let capacity = this.options.config.capacity + waiting
    if (capacity !== ask.capacity) capacity = await this.backedCapacity(capacity, ask.inFlight)
    const bids = this.bidsChanged && [...this.restingBids.values()].some((maxTick) => maxTick >= price)
    if (ask.active && ask.priceTick === price && ask.capacity === capacity && !(bids && ask.inFlight < capacity)) {
      return this.matchRestingBid(ask, price)
    }
    this.bidsChanged = false
    const failedBefore = this.lastFailure.get('ask')
    const placed = await this.send(
      'ask placed',
      { priceTick: price, capacity },
      () => placeAsk(this.wallet, { kind: GENERATE, priceTick: price, capacity }),
      { repeats: 'ask' },
    )
    if (!placed && this.lastFailure.get('ask') !== failedBefore)
      this.log.warn({
        msg: `no ask in the book: this node takes no new tasks until the reason above is fixed; it tries again every ${interval / 1000} s without logging the same failure again`,
      })
  }

  /**
   * A placed ask takes resting bids by itself, but visits at most MAX_BID_VISITS (32) of them at or
   * above its price, best first: jobs no ask can serve (a collateral nobody can lock) can be those
   * and hide a job below them for good. So while its ask stands unchanged with room, the node sends
   * matchJob for one resting job per tick that it could serve itself (price, collateral, time per
   * task, and declared units per task that cover its spec), best price first, once each time the
   * job rests again; a job it cannot serve is not read again until it does.
   */
  private async matchRestingBid(ask: { active: boolean; inFlight: number; capacity: number }, price: number): Promise<void> {
    if (!ask.active || ask.inFlight >= ask.capacity || this.bidsToMatch.size === 0) return
    const candidates = [...this.bidsToMatch]
      .map((jobId) => ({ jobId, maxTick: this.restingBids.get(jobId) ?? -1 }))
      .filter((bid) => bid.maxTick >= price)
      .sort((a, b) => b.maxTick - a.maxTick)
      .slice(0, MATCH_READS_PER_TICK)
    if (candidates.length === 0) return
    // One read for both tests the market applies: free stake for the collateral, and a declared
    // throughput that computes a task in the job's time per task.
    const node = await this.read<{ stake: bigint; locked: bigint; capabilities: { computeUnitsPerSecond: bigint } }>(
      'registry',
      'getNode',
      [this.me],
    )
    const free = node.stake > node.locked ? node.stake - node.locked : 0n
    const unitsPerSecond = node.capabilities.computeUnitsPerSecond
    for (const { jobId } of candidates) {
      this.bidsToMatch.delete(jobId)
      const job = await this.readJob(jobId)
      const servable =
        job.status === 1 &&
        job.tasksUnassigned > 0 &&
        job.collateralPerTask <= free &&
        job.unitsPerTask <= unitsPerSecond * BigInt(job.secondsPerTask) &&
        job.deadline >= this.chainNow
      // Excluded from it (this node declined it, missed its deadline or lost a challenge on it):
      // the market would pass this ask over.
      if (!servable || (await this.excludedFrom(jobId))) continue
      // A job whose declared units per task understate its spec would be declined the moment its
      // tasks came here (computeAssignment): matching it only pays gas to hand this node work it
      // refuses, and other nodes tasks that run at a loss. Its spec and generator.json are read
      // for that (cached for when the job runs), within MATCH_FETCH_TIMEOUT_MS: the loop waits.
      let cost: Awaited<ReturnType<JobLoader['cost']>>
      try {
        cost = await this.loader.cost(job.specCid, {
          timeoutMs: Math.min(MATCH_FETCH_TIMEOUT_MS, this.options.config.fetchTimeoutMs),
        })
      } catch (error) {
        // Unreadable here now: not matched (the fresh-job path would have to retry or decline it).
        // One such wait per tick at most; the others are read on the next ticks.
        this.log.debug({
          msg: 'resting job not matched: its spec or bundle could not be read',
          jobId,
          reason: describeError(error),
        })
        return
      }
      const { understated } = checkUnitsPerTask({ jobId, unitsPerTask: job.unitsPerTask }, cost.spec, cost.unitsPerSample)
      if (understated !== undefined) {
        this.log.info({ msg: 'resting job not matched: it understates its cost', jobId, reason: understated })
        continue
      }
      await this.send(
        'resting job matched',
        { jobId },
        () => matchJob(this.wallet, { jobId, maxAssignments: MATCH_ASSIGNMENTS }),
        {
          racy: true,
        },
      )
      return
    }
  }

  private async excludedFrom(jobId: bigint): Promise<boolean> {
    const excluded = await this.read<readonly Address[]>('market', 'excludedExecutors', [jobId])
    return excluded.some((e) => e.toLowerCase() === this.me.toLowerCase())
  }

  /** Sends cancelAsk, remembering its hash so that its AskRemoved event is known as this daemon's. */
  private sendCancelAsk(what: string, fields: Record<string, unknown>): Promise<boolean> {
    return this.send(what, fields, async () => {
      const sent = await cancelAsk(this.wallet, { kind: GENERATE })
      this.ownCancels.add(sent.toLowerCase())
      return sent
    })
  }

  /**
   * On a graceful stop: takes the ask out of the book, so the market does not assign tasks to a
   * node that is not running (and slash it past their deadline). Bounded by CANCEL_ASK_ON_STOP_MS
   * and best effort: a failure is logged and the stop goes on.
   */
  private async cancelAskOnStop(): Promise<void> {
    const attempt = (async () => {
      const ask = await this.read<{ active: boolean }>('market', 'getAsk', [this.me, 0])
      if (!ask.active) return true
      return this.sendCancelAsk('ask cancelled on stop', {})
    })()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CANCEL_ASK_ON_STOP_MS)
    })
    try {
      const outcome = await Promise.race([attempt, timeout])
      if (outcome !== true) {
        this.log.warn({
          msg: `ask may still be in the book after stopping: cancel it with \`${this.hint('ask', '--cancel')}\``,
          reason: outcome === 'timeout' ? `no answer within ${CANCEL_ASK_ON_STOP_MS} ms` : 'the cancel failed (see above)',
        })
      }
    } catch (error) {
      this.log.warn({
        msg: `ask may still be in the book after stopping: cancel it with \`${this.hint('ask', '--cancel')}\``,
        reason: describeError(error),
      })
    } finally {
      clearTimeout(timer)
      attempt.catch(() => {}) // a late failure after the timeout is not unhandled
    }
  }

  /** `wanted`, lowered to what free stake backs (see askBacking), never below the configured capacity. */
  private async backedCapacity(wanted: number, inFlight: number): Promise<number> {
    const base = this.options.config.capacity
    if (wanted <= base) return wanted
    const [free, perTask] = await Promise.all([
      this.read<bigint>('registry', 'freeStake', [this.me]),
      this.read<bigint>('market', 'minCollateral', [0]),
    ])
    const { backed } = askBacking({ capacity: wanted, inFlight }, free, perTask)
    return Math.max(base, Math.min(wanted, inFlight + backed))
  }

  private async maybeWithdraw(): Promise<void> {
    const min = this.options.config.autoWithdrawMin
    if (min === undefined) return
    const credits = await this.read<bigint>('market', 'credits', [this.me])
    if (credits > 0n && credits >= min) await this.send('credits withdrawn', { amount: credits }, () => withdraw(this.wallet))
  }

  // ------------------------------------------------------------------ work

  private describe(item: WorkItem): string {
    return item.kind === 'assignment'
      ? `assignment ${item.id}`
      : item.kind === 'verify'
        ? `verification of challenge ${item.challengeId}`
        : `audit of assignment ${item.assignmentId}`
  }

  private key(item: WorkItem): string {
    return this.describe(item)
  }

  private enqueue(item: WorkItem): void {
    const key = this.key(item)
    if (this.failing.has(key)) return // failed for good; its record is being written
    if (this.working && this.key(this.working.item) === key) return
    if (this.queue.some((q) => this.key(q) === key)) return
    // Own work first, then verifications, then audits (audits only use spare capacity).
    this.queue.push(item)
    this.sortQueue()
    // An audit or a verification running when own work arrives would delay it by a whole task (a
    // lapse costs collateral; a verification only earns a reward, an audit only spare capacity):
    // stop it at its next sample and run it again after (an audit also gives way to a verification).
    const running = this.working
    if (running && WORK_RANK[item.kind] < WORK_RANK[running.item.kind]) running.preempt.abort()
  }

  private sortQueue(): void {
    this.queue.sort((x, y) => WORK_RANK[x.kind] - WORK_RANK[y.kind])
  }

  private startWork(signal: AbortSignal): void {
    if (this.working || signal.aborted) return
    const now = Date.now()
    let index = this.queue.findIndex((item) => (this.retryAt.get(this.key(item)) ?? 0) <= now)
    if (index < 0 && this.queue.length === 0) {
      // Spare capacity: audit the newest submitted result of someone else still in its window.
      const audit = this.audits.take(this.chainNow, AUDIT_MARGIN_SECONDS)
      if (audit) this.queue.push({ kind: 'audit', ...audit })
      index = this.queue.length - 1
    }
    if (index < 0) return
    const [item] = this.queue.splice(index, 1)
    const preempt = new AbortController()
    const done = this.runWork(item, AbortSignal.any([signal, preempt.signal]))
      .catch((error) => {
        // Nothing thrown here may escape: `done` is only awaited at shutdown, so a rejection
        // would be unhandled, and Node exits on one.
        try {
          this.workFailed(item, error, signal, preempt.signal)
        } catch (inner) {
          this.log.error({ msg: 'work failure not handled', work: this.describe(item), reason: describeError(inner) })
        }
      })
      .finally(() => {
        this.working = undefined
      })
    this.working = { item, done, preempt }
  }

  private workFailed(item: WorkItem, error: unknown, signal: AbortSignal, preempted: AbortSignal): void {
    if (signal.aborted) return
    if (preempted.aborted && item.kind === 'audit') {
      this.log.info({ msg: 'audit paused for own work', assignmentId: item.assignmentId })
      this.audits.add({ assignmentId: item.assignmentId, resultCid: item.resultCid, challengeEnd: item.challengeEnd })
      return
    }
    if (preempted.aborted && item.kind === 'verify') {
      this.log.info({ msg: 'verification paused for own work', challengeId: item.challengeId })
      this.queue.push(item)
      this.sortQueue()
      return
    }
    const permanent = isPermanentFailure(error)
    this.log.error({
      msg: permanent ? 'work failed for good' : 'work failed; will retry',
      work: this.describe(item),
      reason: describeError(error),
    })
    if (!permanent) {
      // Watched by the tick, which gives up on it before its free decline window ends.
      if (item.kind === 'assignment' && isFetchFailure(error)) this.fetchFailures.set(item.id, describeError(error))
      this.retryAt.set(this.key(item), Date.now() + RETRY_MS)
      this.queue.push(item)
      if (item.kind === 'assignment' && this.progress.has(item.id)) this.progress.set(item.id, { state: 'queued' })
      return
    }
    this.failForGood(item, describeError(error))
  }

  /** Drops everything this node keeps about its assignment `id` (ended, or unknown to the chain). */
  private forgetAssignment(id: bigint): void {
    this.tracked.delete(id)
    this.fetchFailures.delete(id)
    this.workUnits.delete(id)
    this.settleable.delete(id)
    this.earlySettleAt.delete(id)
    this.waitingTasks.delete(id)
    this.progress.remove(id)
    this.store.forget(id)
  }

  /** Stops retrying `item`: it is recorded as failed (an assignment is then declined, see tick). */
  private failForGood(item: WorkItem, reason: string): void {
    const key = this.key(item)
    const queued = this.queue.findIndex((q) => this.key(q) === key)
    if (queued >= 0) this.queue.splice(queued, 1)
    if (item.kind === 'assignment') this.fetchFailures.delete(item.id)
    // Held in memory until it is on disk, so that the work is not started again meanwhile.
    this.options.metrics.inc('neuro_executor_tasks_failed_total')
    this.failing.set(key, { item, reason })
    void this.recordFailures()
  }

  /** Whether declining assignment `id` stops being free within FETCH_GIVE_UP_MARGIN_S of chain time `now` (or already has). */
  private async freeDeclineEnding(id: bigint, now: bigint, { whileFree = false } = {}): Promise<boolean> {
    const freeUntil = BigInt(await this.read<bigint>('market', 'declineFreeUntil', [id]))
    // `whileFree`: not once declining costs collateral (an estimate is no reason to pay for it).
    if (whileFree && now > freeUntil) return false
    return now + FETCH_GIVE_UP_MARGIN_S >= freeUntil
  }

  /**
   * When own assignment `id`, still to be computed, would finish at best behind the own work ahead
   * of it (the assignment computing now, what is left of it, and those queued before it), at the
   * node's units per second (its recent tasks' median, not swayed by one slow task: SpeedEstimate):
   * undefined when that is by its deadline, when it is the one computing (`lapsed` stops it past
   * the deadline), or when nothing tells the speed. Verifications and audits are not counted: own
   * work preempts them.
   */
  private async finishesLate(id: bigint, a: { jobId: bigint; taskCount: number; deadline: bigint }, now: bigint) {
    const speed = this.speed.unitsPerSecond
    const running = this.working?.item
    if (!speed || (running?.kind === 'assignment' && running.id === id)) return undefined
    let own: bigint
    try {
      own = await this.unitsOf(id, a)
    } catch (error) {
      this.log.debug({ msg: 'no deadline estimate: job unreadable', assignmentId: id, reason: describeError(error) })
      return undefined
    }
    let ahead = 0
    if (running?.kind === 'assignment') {
      ahead += Number(this.workUnits.get(running.id) ?? 0n) * (1 - this.progress.fractionDone(running.id))
    }
    for (const item of this.queue) {
      if (item.kind !== 'assignment') continue
      if (item.id === id) break
      ahead += Number(this.workUnits.get(item.id) ?? 0n)
    }
    const finish = now + BigInt(Math.ceil((ahead + Number(own)) / speed))
    return finish > a.deadline ? finish : undefined
  }

  /** Assignment `id`'s work in compute units (read once per assignment). */
  private async unitsOf(id: bigint, a: { jobId: bigint; taskCount: number }): Promise<bigint> {
    let units = this.workUnits.get(id)
    if (units === undefined) {
      const job = await this.readJob(a.jobId)
      units = BigInt(a.taskCount) * BigInt(job.unitsPerTask)
      this.workUnits.set(id, units)
    }
    return units
  }

  /**
   * Records work that failed for good (markFailed). Marking reads the chain and writes the data
   * dir, either of which can fail: what is not recorded stays in `failing` (its work is not run
   * again) and is tried again on the next tick. Never rejects.
   */
  private async recordFailures(): Promise<void> {
    for (const [key, { item, reason }] of [...this.failing]) {
      try {
        await this.markFailed(item, reason)
        this.failing.delete(key)
      } catch (error) {
        this.log.warn({ msg: 'could not record failed work; retrying next round', work: key, reason: describeError(error) })
      }
    }
  }

  private async markFailed(item: WorkItem, reason: string): Promise<void> {
    if (item.kind === 'assignment') {
      const a = await this.assignment(item.id)
      this.store.put({ ...(this.store.get(item.id) ?? this.newRecord(item.id, a)), failed: reason })
      this.progress.set(item.id, {
        jobId: String(a.jobId),
        tasksTotal: a.taskCount,
        state: 'failed',
        error: reason.slice(0, 500),
      })
      this.log.error({
        msg: 'assignment failed for good: its job cannot be run here',
        assignmentId: item.id,
        jobId: a.jobId,
        reason,
      })
    } else if (item.kind === 'verify') {
      this.saveVerification(item.challengeId, { ...this.verification(item.challengeId), failed: reason })
    }
  }

  private newRecord(id: bigint, a: { jobId: bigint; firstTask: number; taskCount: number }): AssignmentRecord {
    return { assignmentId: String(id), jobId: String(a.jobId), firstTask: a.firstTask, taskCount: a.taskCount }
  }

  private async runWork(item: WorkItem, signal: AbortSignal): Promise<void> {
    if (item.kind === 'assignment') return this.computeAssignment(item.id, signal)
    if (item.kind === 'verify') return this.computeVerification(item.challengeId, signal)
    return this.audit(item.assignmentId, item.resultCid, signal)
  }

  /** Recomputes one task of some job (verification, audit): its shard hash. */
  private async recompute(jobId: bigint, taskIndex: number, signal: AbortSignal): Promise<Hex> {
    const job = await this.readJob(jobId)
    const { spec, pool } = await this.loader.load(job.specCid, signal)
    const started = performance.now()
    const shard = await computeShard({ pool, spec, taskIndex, signal })
    this.countSamples(spec.samplesPerTask, started)
    return shard.sha256
  }

  private countSamples(samples: number, started: number): void {
    this.options.metrics.inc('neuro_executor_samples_total', samples)
    this.options.metrics.set('neuro_executor_samples_per_second', samples / Math.max(1e-3, (performance.now() - started) / 1000))
  }

  private async computeAssignment(id: bigint, signal: AbortSignal): Promise<void> {
    const a = await this.assignment(id)
    if (a.status !== A.Assigned && a.status !== A.Committed && a.status !== A.Challenged) return
    const maxWait = BigInt(this.options.config.maxReplicaWaitSeconds)
    if (a.status === A.Assigned && a.groupId !== 0n && a.deadline > this.chainNow + maxWait) {
      // Failing for good declines it, free this early (ExecutorConfig.maxReplicaWaitSeconds).
      throw new ExecutorError(
        'BAD_SPEC',
        `replica assignment ${id} runs until ${a.deadline}, ${a.deadline - this.chainNow} s from now: its collateral could stay locked that long waiting for the other replicas, over EXECUTOR_MAX_REPLICA_WAIT_S=${maxWait}`,
      )
    }
    if (this.lapsed(id, a)) return
    const job = await this.readJob(a.jobId)
    const { spec, pool, unitsPerSample } = await this.loader.load(job.specCid, signal)
    const perTask = spec.samplesPerTask
    // A job that understates its units per task is refused while the assignment can still be
    // declined (failing for good declines it); see checkUnitsPerTask.
    const { needed, understated } = checkUnitsPerTask({ jobId: a.jobId, unitsPerTask: job.unitsPerTask }, spec, unitsPerSample)
    if (a.status === A.Assigned && understated !== undefined) throw new ExecutorError('BAD_SPEC', understated)
    this.progress.set(id, {
      jobId: String(a.jobId),
      state: 'running',
      tasksDone: 0,
      tasksTotal: a.taskCount,
      samplesDone: 0,
      samplesTotal: a.taskCount * perTask,
    })
    const dir = this.store.shardDir(id)
    // Shards on disk are reused after a restart only if they were computed for this job and spec:
    // a reorg can orphan this assignment id and give it to another job (or the same job id with
    // another spec), whose tasks must not be answered with the orphaned one's shards.
    const owner = join(dir, 'computed-for.json')
    const computedFor = JSON.stringify({ jobId: String(a.jobId), specCid: job.specCid, firstTask: a.firstTask })
    if (existsSync(owner) && readFileSync(owner, 'utf8') !== computedFor) rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(owner, computedFor)
    // Shards go to disk as they are computed and only their hashes stay in memory; the files are
    // read back for the upload (the content store takes the directory's bytes at once).
    const shardHashes: Hex[] = []
    const shards: { task: number; file: string; sha256: Hex; bytes: number }[] = []
    let resultBytes = 0
    // Before the first task of a fresh assignment that can still be declined: one sample of each
    // other task, so a generator that fails only on later tasks is found while declining is free
    // (a throw here fails the work for good, and the assignment is declined).
    const firstShard = join(dir, shardFileName(a.firstTask))
    if (a.status === A.Assigned && a.taskCount > 1 && perTask >= PROBE_MIN_SAMPLES_PER_TASK && !existsSync(firstShard)) {
      await probeTasks({ pool, spec, firstTask: a.firstTask + 1, taskCount: a.taskCount - 1, signal })
    }
    for (let i = 0; i < a.taskCount; i++) {
      if (signal.aborted) throw new Error('shutting down')
      if (this.lapsed(id, a)) return
      const taskIndex = a.firstTask + i
      const file = shardFileName(taskIndex)
      const path = join(dir, file)
      let hash: Hex
      let size: number
      if (existsSync(path)) {
        // Computed before a restart.
        size = statSync(path).size
        if (size > MAX_SHARD_BYTES) throw tooLarge(`task ${taskIndex}'s shard on disk is ${size} bytes, over ${MAX_SHARD_BYTES}`)
        hash = sha256(new Uint8Array(readFileSync(path)))
      } else {
        const started = performance.now()
        let lastLog = 0
        const shard = await computeShard({
          pool,
          spec,
          taskIndex,
          signal,
          cheat: this.options.cheat,
          onSample: (done, total) => {
            this.progress.samples(id, i * perTask + done, i)
            if (performance.now() - lastLog > 5_000) {
              lastLog = performance.now()
              this.log.info({ msg: 'progress', assignmentId: id, taskIndex, samples: done, of: total })
            }
          },
        })
        writeFileSync(`${path}.partial`, shard.bytes)
        renameSync(`${path}.partial`, path)
        hash = shard.sha256
        size = shard.bytes.length
        this.countSamples(spec.samplesPerTask, started)
        this.speed.record(Number(needed), (performance.now() - started) / 1000)
        this.options.metrics.inc('neuro_executor_tasks_run_total')
        this.options.metrics.inc('neuro_executor_compute_seconds_total', (performance.now() - started) / 1000)
      }
      resultBytes += size
      if (resultBytes > MAX_RESULT_BYTES) {
        throw tooLarge(`assignment ${id}'s shards reach ${resultBytes} bytes at task ${taskIndex}, over ${MAX_RESULT_BYTES}`)
      }
      shardHashes.push(hash)
      shards.push({ task: taskIndex, file, sha256: hash, bytes: size })
      this.progress.samples(id, (i + 1) * perTask, i + 1)
    }
    const root = merkleRoot(shardHashes.map((shardHash, i) => ({ taskIndex: a.firstTask + i, shardHash })))
    const manifest = {
      format: 'neuromation-result/1',
      chainId: this.options.chain.chainId,
      market: this.options.chain.market.address,
      jobId: String(a.jobId),
      assignmentId: String(id),
      generator: spec.generator,
      firstTask: a.firstTask,
      taskCount: a.taskCount,
      root,
      shards,
    }
    const files = shards.map((shard) => ({ path: shard.file, bytes: new Uint8Array(readFileSync(join(dir, shard.file))) }))
    files.push({ path: 'manifest.json', bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) })
    this.progress.set(id, { state: 'uploading' })
    const resultCid = await this.options.content.addDirectory(files)
    this.store.put({ ...this.newRecord(id, a), shardHashes, root, resultCid })
    this.progress.set(id, { state: 'submitting' })
    this.log.info({ msg: 'assignment computed', assignmentId: id, tasks: a.taskCount, root, resultCid })
  }

  /**
   * Whether assignment `id`, still to be submitted (or committed), is past its deadline by the
   * chain's clock: the market refuses its result then (AssignmentExpired), so computing on only
   * keeps the queue behind it waiting (and lapsing in turn). Logged, and the work stops.
   */
  private lapsed(id: bigint, a: { status: number; deadline: bigint }): boolean {
    if (a.status !== A.Assigned || this.chainNow <= a.deadline) return false
    this.progress.remove(id)
    this.log.warn({
      msg: 'assignment past its deadline: its work stops (the market takes no result now), and it lapses',
      assignmentId: id,
      deadline: a.deadline,
      chainTime: this.chainNow,
    })
    return true
  }

  private async computeVerification(challengeId: bigint, signal: AbortSignal): Promise<void> {
    const c = await this.read<{ assignmentId: bigint; taskIndex: number }>('market', 'getChallenge', [challengeId])
    const a = await this.assignment(c.assignmentId)
    const shardHash = await this.recompute(a.jobId, c.taskIndex, signal)
    this.saveVerification(challengeId, { ...this.verification(challengeId), shardHash })
    this.log.info({ msg: 'challenged task recomputed', challengeId, taskIndex: c.taskIndex, shardHash })
  }

  /**
   * A result's manifest.json: from the content network (this node's peers, verified against the
   * CID), else, when the content was not found there, through the configured gateway, which
   * fetches from the nodes connected to it. The content store never goes through a gateway (Helia
   * dials only the configured peers; Kubo uses its own node), so the fallback is kept, but its
   * bytes are not verified: `verified` says which it was, and the caller trusts gateway bytes
   * only where the chain's root vouches for them. Refused outright: a resultCid that is not a CID
   * (ContentError 'InvalidCid'), and a manifest over MAX_MANIFEST_BYTES from either source.
   */
  private async resultManifest(resultCid: string, signal: AbortSignal): Promise<{ bytes: Uint8Array; verified: boolean }> {
    const cid = parseCid(resultCid).toString()
    try {
      const bytes = await this.options.content.getFile(cid, 'manifest.json', {
        timeoutMs: Math.min(10_000, this.options.config.fetchTimeoutMs),
        maxBytes: MAX_MANIFEST_BYTES,
        signal,
      })
      return { bytes, verified: true }
    } catch (error) {
      const gateway = this.options.config.ipfsGateway
      // Only content the network did not deliver is worth asking a gateway for: a file too large,
      // a missing path or bytes that fail their CID are answers, not absences.
      if (!gateway || !(isContentError(error, 'ContentNotFound') || isContentError(error, 'NodeUnavailable'))) throw error
      const url = `${gateway.replace(/\/+$/, '')}/ipfs/${cid}/manifest.json`
      const response = await fetch(url, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.config.fetchTimeoutMs)]),
      })
      if (!response.ok) {
        await response.body?.cancel().catch(() => {})
        throw new Error(`the gateway answered ${response.status} for ${cid}/manifest.json`)
      }
      const what = `${cid}/manifest.json`
      const bytes = await readBodyCapped(response, MAX_MANIFEST_BYTES, (declared) =>
        declared === undefined
          ? new Error(`${what} is over ${MAX_MANIFEST_BYTES} bytes`)
          : new Error(`${what} is ${declared} bytes, over ${MAX_MANIFEST_BYTES} bytes`),
      )
      return { bytes, verified: false }
    }
  }

  /**
   * Recomputes one random task of someone's submitted optimistic result and compares it with the
   * result's manifest (whose hashes must also give the submitted root). A mismatch is evidence:
   * challenge that task. So is a result whose own, CID-verified content does not back its root
   * (a resultCid that is not a CID, no manifest.json, a malformed manifest or one giving another
   * root): an honest executor never publishes one, and the challenge makes the executor show the
   * task's leaf, which the verifiers then recompute. Nothing is challenged on a fetch failure, or
   * on gateway bytes that do not give the root (unverified: a lying gateway proves nothing).
   */
  private async audit(assignmentId: bigint, resultCid: string, signal: AbortSignal): Promise<void> {
    // A challenge of its own still recorded as open may have ended in this very round (the reopened
    // window's event comes before driveChallenge reads the outcome, and that read can fail): ask.
    const open = this.ownChallenges.get(assignmentId)
    if (open?.outcome === 'open') {
      const c = await this.read<ChallengeState>('market', 'getChallenge', [open.challengeId])
      const outcome = OWN_CHALLENGE_OUTCOMES[c.status]
      if (outcome) this.ownChallenges.record({ ...open, outcome })
    }
    if (!this.ownChallenges.mayChallenge(assignmentId)) {
      const last = this.ownChallenges.get(assignmentId)
      this.log.debug({
        msg:
          last?.outcome === 'sent'
            ? 'audit skipped: own challenge of this result sent, not yet seen on the chain'
            : 'audit skipped: own challenge of this result did not disprove it',
        assignmentId,
        outcome: last?.outcome,
      })
      return
    }
    const a = await this.assignment(assignmentId)
    if (a.status !== A.Submitted || a.executor.toLowerCase() === this.me.toLowerCase()) return
    const now = (await this.options.chain.publicClient.getBlock()).timestamp
    if (now + AUDIT_MARGIN_SECONDS >= a.challengeEnd) return
    const job = await this.readJob(a.jobId)
    if (job.verification !== OPTIMISTIC) return
    const taskIndex = a.firstTask + Math.floor((this.options.random ?? Math.random)() * a.taskCount)
    const mine = await this.recompute(a.jobId, taskIndex, signal)
    this.options.metrics.inc('neuro_executor_audits_total')
    let theirs: Hex | undefined
    let reason: string | undefined
    try {
      const { bytes, verified } = await this.resultManifest(resultCid, signal)
      const check = checkResultManifest(bytes, a)
      if (!check.ok && !verified) {
        this.log.warn({ msg: 'audit skipped: unverified gateway manifest', assignmentId, resultCid, reason: check.reason })
        return
      }
      if (!check.ok) reason = check.reason
      else {
        theirs = check.shardHash(taskIndex)
        if (theirs?.toLowerCase() !== mine.toLowerCase()) reason = 'the recomputed shard differs'
      }
    } catch (error) {
      if (isContentError(error, 'InvalidCid') || isContentError(error, 'PathNotFound') || isContentError(error, 'NotAFile')) {
        reason = `the result is malformed: ${describeError(error)}`
      } else {
        this.log.warn({
          msg: 'audit skipped: result manifest unavailable',
          assignmentId,
          resultCid,
          reason: describeError(error),
        })
        return
      }
    }
    if (!reason) {
      this.log.info({ msg: 'audit passed', assignmentId, taskIndex })
      return
    }
    this.log.warn({ msg: 'audit failed: challenging', assignmentId, taskIndex, reason, ours: mine, theirs: theirs ?? null })
    // Recorded before sending, as a verifier commit is: a challenge mined whose receipt never came
    // (an RPC failure, a crash) would be unknown here until its outcome was read, and a window it
    // reopened, audited before that, would be challenged again (10% of the bond, or all of it).
    // While 'sent', this result is not challenged again; the chain's challenge replaces the entry
    // (driveChallenge: every ChallengeOpened is followed), or it goes once the send is known not
    // to have gone out. Not found on the chain, it keeps this result from this node's audits until
    // it settles: a missed audit of one result, against a bond.
    this.ownChallenges.sending(assignmentId, taskIndex)
    let sent: { hash: Hash; challengeId: bigint }
    try {
      sent = await challenge(this.wallet, { assignmentId, taskIndex })
    } catch (error) {
      // A decoded revert is the simulation's (or the approval's): nothing was sent. Any other
      // failure may have come after the transaction went out.
      if (revertOf(error)) this.ownChallenges.unsent(assignmentId)
      this.log.warn({ msg: 'challenge failed', assignmentId, taskIndex, reason: describeError(error) })
      return
    }
    const { hash, challengeId } = sent
    let status: string
    try {
      status = (await this.options.chain.publicClient.waitForTransactionReceipt({ hash })).status
    } catch (error) {
      this.log.warn({
        msg: 'challenge sent, its receipt not seen: this result is not challenged again until the chain shows the challenge',
        assignmentId,
        taskIndex,
        hash,
        reason: describeError(error),
      })
      return
    }
    if (status !== 'success') {
      this.ownChallenges.unsent(assignmentId)
      this.log.warn({ msg: 'challenge reverted', assignmentId, taskIndex, hash })
      return
    }
    this.ownChallenges.record({ assignmentId, taskIndex, challengeId, outcome: 'open' })
    this.challenges.add(challengeId)
    this.store.setChallenges(this.challenges)
    this.options.metrics.inc('neuro_executor_challenges_opened_total')
    this.log.info({ msg: 'challenge opened', challengeId, assignmentId, taskIndex })
  }
}

/** Whether `error` is a job's content (spec or bundle) that could not be fetched this time. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof ExecutorError && (error.code === 'SPEC_FETCH' || error.code === 'BUNDLE_FETCH')
}

/** A result too big to hold for its upload: the generator's doing, so a permanent failure. */
function tooLarge(details: string): SandboxError {
  return new SandboxError('OutputTooLarge', `${details}: output too large`)
}

/** The name of the custom error a contract call reverted with, if that is what `error` is. */
function revertName(error: unknown): string | undefined {
  return revertOf(error)?.name
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
