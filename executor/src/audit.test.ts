// Audit tests of the executor daemon's money-losing paths: stake, bonds or collateral an honest
// operator could lose (challenging a result again after its own challenge of it did not disprove
// it, a verifier commit mined but never revealed, work kept past its deadline or taken on a job that
// understates its cost), and state that would grow over a long run. Each test asserts the correct
// behaviour; the last block pins behaviour checked and found correct. The chain is faked at its
// reads (`read`) and the sdk's writes, as in Executor.test.ts.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ContentError } from '@neuromation/content'
import { createLogger } from '@neuromation/runtime'
import {
  contractAbis,
  deriveCommitSecret,
  deriveSalt,
  encodeJobSpec,
  merkleRoot,
  rawCid,
  verificationCommitment,
} from '@neuromation/sdk'
import {
  type Address,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  type Hex,
  sha256,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it, vi } from 'vitest'
import { EventCursor } from './chain/EventCursor'
import { pollMarketEvents } from './chain/watchMarketEvents'
import { parseCommandArgs } from './cli/parseCommandArgs'
import { readConfigFile } from './config'
import { Executor } from './Executor'
import { OwnChallenges } from './state/OwnChallenges'
import { StateStore } from './state/StateStore'
import { AUDIT_QUEUE_MAX, AuditQueue } from './work/AuditQueue'
import { isPermanentFailure } from './work/isPermanentFailure'
import { JobLoader } from './work/JobLoader'

const me = '0x00000000000000000000000000000000000000a1' as Address
const someoneElse = '0x00000000000000000000000000000000000000b2' as Address
const challenger = '0x00000000000000000000000000000000000000d4' as Address
const market = '0x00000000000000000000000000000000000000c3' as Address
const abi = contractAbis.JobMarket
const HASH = `0x${'ab'.repeat(32)}` as Hex

// The sdk's writes, faked: each call is recorded; a revert set for it is thrown (as viem reports a
// simulated revert). `challenge` answers with a fresh challenge id.
const writes = vi.hoisted(() => ({ calls: [] as string[], reverts: new Map<string, Error>(), nextChallenge: 1n }))
vi.mock('@neuromation/sdk', async (importOriginal) => {
  const sdk = await importOriginal<typeof import('@neuromation/sdk')>()
  const fake = (name: string) => async () => {
    writes.calls.push(name)
    const revert = writes.reverts.get(name)
    if (revert) throw revert
    return `0x${'ab'.repeat(32)}`
  }
  return {
    ...sdk,
    challenge: async () => {
      writes.calls.push('challenge')
      return { hash: `0x${'ab'.repeat(32)}`, challengeId: writes.nextChallenge++ }
    },
    commitVerification: fake('commitVerification'),
    revealVerification: fake('revealVerification'),
    declineAssignment: fake('declineAssignment'),
    drawVerifiers: fake('drawVerifiers'),
    resolveChallenge: fake('resolveChallenge'),
    placeAsk: fake('placeAsk'),
    submitResult: fake('submitResult'),
    commitResult: fake('commitResult'),
    revealResult: fake('revealResult'),
    settle: fake('settle'),
  }
})

// getContractEvents faked (pollMarketEvents): the logs a test sets.
const events = vi.hoisted(() => ({ logs: [] as unknown[] }))
vi.mock('viem/actions', async (importOriginal) => {
  const real = await importOriginal<typeof import('viem/actions')>()
  return { ...real, getContractEvents: async () => events.logs }
})

// computeShard faked: records which tasks were computed and lets a test move the chain clock.
const shards = vi.hoisted(() => ({ calls: [] as number[], onCompute: undefined as undefined | ((task: number) => void) }))
vi.mock('./work/computeShard', async (importOriginal) => {
  const real = await importOriginal<typeof import('./work/computeShard')>()
  return {
    ...real,
    computeShard: async ({ taskIndex }: { taskIndex: number }) => {
      shards.calls.push(taskIndex)
      shards.onCompute?.(taskIndex)
      const bytes = new TextEncoder().encode(`shard ${taskIndex}`)
      return { taskIndex, bytes, sha256: sha256(bytes) }
    },
    probeTasks: async () => {},
  }
})

function marketRevert(errorName: string, args: readonly unknown[], functionName = 'commitVerification'): Error {
  const data = encodeErrorResult({ abi, errorName, args } as never)
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName })
  return new ContractFunctionExecutionError(reverted, { abi, functionName, args: [], contractAddress: market })
}

type Reads = Record<string, (args: readonly unknown[]) => unknown>

/** The private parts of Executor these tests drive. */
type Inner = {
  read: (contract: string, functionName: string, args?: readonly unknown[]) => Promise<unknown>
  send: (what: string, fields: Record<string, unknown>, write: () => Promise<unknown>, options?: unknown) => Promise<boolean>
  runWork: (item: unknown, signal: AbortSignal) => Promise<void>
  enqueue: (item: unknown) => void
  startWork: (signal: AbortSignal) => void
  working: { done: Promise<void>; item: unknown } | undefined
  queue: unknown[]
  failing: Map<string, unknown>
  recordFailures: () => Promise<void>
  driveAssignment: (id: bigint, now: bigint) => Promise<void>
  computeAssignment: (id: bigint, signal: AbortSignal) => Promise<void>
  recompute: () => Promise<Hex>
  audit: (assignmentId: bigint, resultCid: string, signal: AbortSignal) => Promise<void>
  audits: { take: (now: bigint) => { assignmentId: bigint; resultCid: string; challengeEnd: bigint } | undefined }
  onEvent: (event: unknown) => void
  driveChallenge: (challengeId: bigint, now: bigint) => Promise<void>
  saveVerification: (challengeId: bigint, v: Record<string, unknown>) => void
  verification: (challengeId: bigint) => Record<string, unknown>
  challenges: Set<bigint>
  ownChallenges: OwnChallenges
  lapseWatch: Map<bigint, bigint>
  secret: Hex | undefined
  chainNow: bigint
  loader: unknown
}

function executor(
  reads: Reads,
  extra: { content?: unknown; config?: Record<string, unknown>; receipt?: () => Promise<unknown> } = {},
) {
  writes.calls.length = 0
  writes.reverts.clear()
  shards.calls.length = 0
  shards.onCompute = undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'executor-audit-'))
  const logs: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'debug', format: 'json', sink: (line) => logs.push(JSON.parse(line)) })
  const metrics = { inc: () => {}, set: () => {} }
  const config = {
    dataDir,
    workers: 1,
    fetchTimeoutMs: 1_000,
    pollIntervalMs: 1_000,
    capacity: 2,
    maxReplicaWaitSeconds: 1_000_000,
    unitsPerSecond: 100,
    audit: true,
    verify: true,
    ask: { strategy: 'fixed', priceTick: 100, minTick: 1, maxTick: 1_000 },
    ...extra.config,
  }
  const publicClient = {
    getBlock: async () => ({ timestamp: 100n }),
    waitForTransactionReceipt: extra.receipt ?? (async () => ({ status: 'success' })),
  }
  const chain = { me, chainId: 31339, market: { address: market, abi }, registry: { address: market, abi }, publicClient }
  const x = new Executor({ config, chain, content: extra.content ?? {}, logger, metrics, random: () => 0 } as never)
  const inner = x as unknown as Inner
  inner.secret = `0x${'22'.repeat(32)}`
  inner.read = async (_contract, functionName, args = []) => {
    const answer = reads[functionName]
    if (!answer) throw new Error(`unexpected read ${functionName}`)
    return answer(args)
  }
  const sent: string[] = []
  inner.send = async (what) => {
    sent.push(what)
    return true
  }
  return { x: inner, logs, sent, dataDir }
}

/** The daemon's real `send` (receipts, reverts decoded). */
const realSend = (Executor.prototype as unknown as Inner).send

const assignment = (overrides: Record<string, unknown> = {}) => ({
  jobId: 2n,
  executor: me,
  status: 1,
  firstTask: 0,
  taskCount: 1,
  groupId: 0n,
  deadline: 10_000n,
  challengeEnd: 0n,
  root: `0x${'0'.repeat(64)}`,
  ...overrides,
})

const GENERATOR = rawCid(new TextEncoder().encode('a generator bundle'))
const SPEC_CID = rawCid(new TextEncoder().encode('a spec'))

/** A loader that answers every spec CID with `samplesPerTask` samples of a generator of `unitsPerSample`. */
function fakeLoader(samplesPerTask: number, unitsPerSample: number) {
  return {
    load: async () => ({
      spec: { version: 1, kind: 'GENERATE', generator: GENERATOR, params: {}, seed: 1, samplesPerTask },
      pool: {},
      unitsPerSample,
    }),
    close: async () => {},
  }
}

// ------------------------------------------------------------------------------------------------

describe('a result its own challenge did not disprove (NoQuorum, ExecutorWon) is not challenged again', () => {
  const mine = `0x${'22'.repeat(32)}` as Hex
  const theirs = `0x${'11'.repeat(32)}` as Hex
  const root = merkleRoot([{ taskIndex: 0, shardHash: theirs }])
  const cid = rawCid(new TextEncoder().encode('a result'))
  const manifest = new TextEncoder().encode(JSON.stringify({ shards: [{ task: 0, sha256: theirs }] }))

  it('does not challenge the same result again after its own challenge of it ended NoQuorum (each costs 10% of the bond, and the window comes back every time)', async () => {
    let status = 1
    const { x } = executor(
      {
        getAssignment: () => assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n, root }),
        getJob: () => ({ verification: 0 }),
        getChallenge: () => ({
          assignmentId: 4n,
          challenger: me,
          taskIndex: 0,
          status,
          commits: 0,
          reveals: 0,
          proofDeadline: 300n,
          commitDeadline: 400n,
          revealDeadline: 500n,
          shardHash: theirs,
          drawn: false,
          drawBlock: 0n,
        }),
      },
      { content: { getFile: async () => manifest } },
    )
    x.recompute = async () => mine
    const signal = new AbortController().signal
    x.onEvent({
      eventName: 'ResultSubmitted',
      args: { assignmentId: 4n, resultCid: cid, challengeEnd: 10_000n },
      blockNumber: 5n,
    })
    const first = x.audits.take(0n)
    expect(first).toBeDefined()
    await x.audit(first!.assignmentId, first!.resultCid, signal)
    expect(writes.calls.filter((c) => c === 'challenge')).toHaveLength(1)
    // Nobody verified: NoQuorum (the challenger pays 10% of its bond), the window is given back.
    status = 5
    await x.driveChallenge(1n, 600n)
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 4n, challengeEnd: 12_000n }, blockNumber: 9n })
    const again = x.audits.take(0n)
    if (again) await x.audit(again.assignmentId, again.resultCid, signal)
    // Its own recomputation still disagrees, the result is unchanged: challenging it again only
    // pays another 10% (NoQuorum) or the whole bond (ExecutorWon), round after round.
    expect(writes.calls.filter((c) => c === 'challenge')).toHaveLength(1)
  })

  it('does not challenge the same result again after the verifiers upheld it (ExecutorWon: its whole bond lost)', async () => {
    let status = 1
    const { x } = executor(
      {
        getAssignment: () => assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n, root }),
        getJob: () => ({ verification: 0 }),
        getChallenge: () => ({ assignmentId: 4n, challenger: me, taskIndex: 0, status }),
      },
      { content: { getFile: async () => manifest } },
    )
    x.recompute = async () => mine
    const signal = new AbortController().signal
    x.onEvent({
      eventName: 'ResultSubmitted',
      args: { assignmentId: 4n, resultCid: cid, challengeEnd: 10_000n },
      blockNumber: 5n,
    })
    const first = x.audits.take(0n)
    await x.audit(first!.assignmentId, first!.resultCid, signal)
    status = 3 // ExecutorWon: its own recomputation was the wrong one
    await x.driveChallenge(1n, 600n)
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 4n, challengeEnd: 12_000n }, blockNumber: 9n })
    const again = x.audits.take(0n)
    if (again) await x.audit(again.assignmentId, again.resultCid, signal)
    expect(writes.calls.filter((c) => c === 'challenge')).toHaveLength(1)
  })
  it('does not challenge it again when the reopened window is audited before the node read the outcome (asks the chain)', async () => {
    let status = 1
    const { x } = executor(
      {
        getAssignment: () => assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n, root }),
        getJob: () => ({ verification: 0 }),
        getChallenge: () => ({ assignmentId: 4n, challenger: me, taskIndex: 0, status }),
      },
      { content: { getFile: async () => manifest } },
    )
    x.recompute = async () => mine
    const signal = new AbortController().signal
    x.onEvent({
      eventName: 'ResultSubmitted',
      args: { assignmentId: 4n, resultCid: cid, challengeEnd: 10_000n },
      blockNumber: 5n,
    })
    const first = x.audits.take(0n)
    await x.audit(first!.assignmentId, first!.resultCid, signal)
    status = 5 // NoQuorum, not yet seen by driveChallenge (its read failed this round)
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 4n, challengeEnd: 12_000n }, blockNumber: 9n })
    const again = x.audits.take(0n)
    expect(again).toBeDefined()
    await x.audit(again!.assignmentId, again!.resultCid, signal)
    expect(writes.calls.filter((c) => c === 'challenge')).toHaveLength(1)
  })
})

describe('a challenge mined without its receipt is never sent again', () => {
  const mine = `0x${'22'.repeat(32)}` as Hex
  const theirs = `0x${'11'.repeat(32)}` as Hex
  const root = merkleRoot([{ taskIndex: 0, shardHash: theirs }])
  const cid = rawCid(new TextEncoder().encode('a result'))
  const manifest = new TextEncoder().encode(JSON.stringify({ shards: [{ task: 0, sha256: theirs }] }))

  /** A node whose audit of assignment 4 disagrees, whose first receipt is lost, and whose getChallenge answers `challenge()`. */
  function auditor(challengeState: () => Record<string, unknown>, receipt: () => Promise<unknown>) {
    const node = executor(
      {
        getAssignment: () => assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n, root }),
        getJob: () => ({ verification: 0 }),
        getChallenge: () => challengeState(),
      },
      { content: { getFile: async () => manifest }, receipt },
    )
    node.x.recompute = async () => mine
    writes.nextChallenge = 1n
    node.x.onEvent({
      eventName: 'ResultSubmitted',
      args: { assignmentId: 4n, resultCid: cid, challengeEnd: 10_000n },
      blockNumber: 5n,
    })
    return node
  }
  const challenges = () => writes.calls.filter((c) => c === 'challenge')

  it('does not challenge a reopened window again when its first challenge ended before the node read its outcome', async () => {
    let status = 1
    let rpcUp = true
    let receiptLost = true
    const { x } = auditor(
      () => {
        if (!rpcUp) throw new Error('RPC unreachable')
        return { assignmentId: 4n, challenger: me, taskIndex: 0, status }
      },
      async () => {
        if (receiptLost) {
          receiptLost = false
          throw new Error('timed out while waiting for transaction receipt')
        }
        return { status: 'success' }
      },
    )
    const signal = new AbortController().signal
    const first = x.audits.take(0n)
    await x.audit(first!.assignmentId, first!.resultCid, signal)
    expect(challenges()).toHaveLength(1)
    // It was mined (challenge 1) and ended NoQuorum: one round reads its opening and the reopened
    // window, and the outcome read fails (the RPC) before the window is audited again.
    status = 5
    x.onEvent({
      eventName: 'ChallengeOpened',
      args: { challengeId: 1n, assignmentId: 4n, challenger: me, taskIndex: 0 },
      blockNumber: 7n,
    })
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 4n, challengeEnd: 12_000n }, blockNumber: 9n })
    rpcUp = false
    await x.driveChallenge(1n, 600n).catch(() => {})
    rpcUp = true
    const again = x.audits.take(0n)
    if (again) await x.audit(again.assignmentId, again.resultCid, signal)
    expect(challenges()).toHaveLength(1)
    // The next round reads the outcome from the chain: the record is the chain's challenge.
    await x.driveChallenge(1n, 610n)
    expect(x.ownChallenges.get(4n)).toEqual({ assignmentId: 4n, taskIndex: 0, challengeId: 1n, outcome: 'no quorum' })
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 4n, challengeEnd: 14_000n }, blockNumber: 11n })
    expect(x.audits.take(0n)).toBeUndefined()
  })

  it('remembers a challenge sent across a restart, and forgets one that reverted or was never sent', async () => {
    const lost = auditor(
      () => ({ assignmentId: 4n, challenger: me, taskIndex: 0, status: 1 }),
      async () => {
        throw new Error('fetch failed')
      },
    )
    await lost.x.audit(4n, cid, new AbortController().signal)
    const restarted = new OwnChallenges(lost.dataDir)
    restarted.load()
    expect(restarted.get(4n)).toEqual({ assignmentId: 4n, taskIndex: 0, outcome: 'sent' })
    expect(restarted.mayChallenge(4n)).toBe(false)
    // Mined and reverted (another challenge of it landed first): nothing of its own on the chain.
    const reverted = auditor(
      () => ({}),
      async () => ({ status: 'reverted' }),
    )
    await reverted.x.audit(4n, cid, new AbortController().signal)
    expect(reverted.x.ownChallenges.get(4n)).toBeUndefined()
  })
})

describe('a verifier commit mined without its receipt is found on the chain and revealed', () => {
  it('reveals after a commit whose receipt it did not get (RPC timeout, or a crash before the record was written)', async () => {
    const challengeId = 7n
    const shardHash = `0x${'11'.repeat(32)}` as Hex
    let commits = 2
    let receiptFails = true
    const { x } = executor(
      {
        getChallenge: () => ({
          assignmentId: 3n,
          challenger,
          taskIndex: 0,
          status: 2,
          commits,
          reveals: 0,
          proofDeadline: 50n,
          commitDeadline: 200n,
          revealDeadline: 260n,
          shardHash,
          drawn: false,
          drawBlock: 0n,
        }),
        getAssignment: () => assignment({ executor: someoneElse, status: 5 }),
        VERIFIERS: () => 3n,
        getVerifiers: () => (commits === 3 ? [someoneElse, challenger, me] : [someoneElse, challenger]),
      },
      {
        receipt: async () => {
          if (receiptFails) {
            receiptFails = false
            throw new Error('timed out while waiting for transaction receipt')
          }
          return { status: 'success' }
        },
      },
    )
    x.send = realSend
    x.saveVerification(challengeId, { shardHash })
    await x.driveChallenge(challengeId, 150n)
    expect(writes.calls).toEqual(['commitVerification'])
    // It was mined: the chain lists it and locks its bond; a second commit reverts.
    commits = 3
    writes.reverts.set('commitVerification', marketRevert('NotAllowedToVerify', [challengeId, me]))
    await x.driveChallenge(challengeId, 160n)
    // The list closed with 3 candidates: every one is seated and must reveal or lose its lock.
    await x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toContain('revealVerification')
  })
})

describe('work it cannot finish by the deadline is stopped or declined while that is free', () => {
  it('declines, while that is free, an assignment queued behind work that leaves it no time (capacity > 1, one item at a time)', async () => {
    // Two 1-task assignments of a job whose task takes 54 s at the node's declared 100 units/s:
    // the market matched both (one task fits 60 s), but the daemon computes one item at a time.
    const { x, sent } = executor({
      getAssignment: () => assignment({ deadline: 1_060n }),
      getJob: () => ({ verification: 0, unitsPerTask: 5_400n, secondsPerTask: 60, specCid: SPEC_CID }),
      declineFreeUntil: () => 1_030n,
    })
    x.runWork = () => new Promise(() => {}) // the first one computes (54 s)
    const signal = new AbortController().signal
    await x.driveAssignment(1n, 1_000n)
    await x.driveAssignment(2n, 1_000n)
    x.startWork(signal)
    for (const now of [1_005n, 1_010n, 1_015n]) {
      await x.recordFailures()
      await x.driveAssignment(2n, now)
    }
    await x.recordFailures()
    await x.driveAssignment(2n, 1_020n)
    // Assignment 2 can start at ~1054 at best and needs 54 s: due at 1060, it lapses (all its
    // collateral) unless handed back while free (until 1030).
    expect(sent.some((s) => s.startsWith('assignment declined'))).toBe(true)
  })

  describe('judges speed by its recent tasks, not by one slow task', () => {
    // Tasks of 1,000 units (10 samples x 100 units per sample, as the job declares): 10 s each at
    // the declared 100 units/s. Assignment 1 (5 tasks) is computed with `seconds[i]` per task, then
    // assignment 2 (5 tasks, 50 s at 100 units/s) is queued at 1000 with its deadline at 1060.
    async function queuedAfter(seconds: number[]) {
      const { x, sent } = executor(
        {
          getAssignment: ([id]) => assignment({ taskCount: 5, deadline: id === 1n ? 100_000n : 1_060n }),
          getJob: () => ({ verification: 0, unitsPerTask: 1_000n, secondsPerTask: 12, specCid: SPEC_CID }),
          declineFreeUntil: () => 1_020n,
        },
        { content: { addDirectory: async () => 'bafyresult' } },
      )
      x.loader = fakeLoader(10, 100)
      x.chainNow = 1_000n
      let clock = 0
      const now = vi.spyOn(performance, 'now').mockImplementation(() => clock)
      shards.onCompute = (task) => {
        clock += seconds[task] * 1_000
      }
      try {
        await x.computeAssignment(1n, new AbortController().signal)
      } finally {
        now.mockRestore()
      }
      expect(shards.calls).toEqual([0, 1, 2, 3, 4])
      await x.driveAssignment(2n, 1_000n)
      await x.recordFailures()
      await x.driveAssignment(2n, 1_001n)
      return sent.some((s) => s.startsWith('assignment declined'))
    }

    it('keeps work it can finish when one task was slow (a busy moment): 4 x 10 s, then 40 s', async () => {
      // A moving average took 77.5 units/s from this (65 s for assignment 2: past 1060) and declined.
      expect(await queuedAfter([10, 10, 10, 10, 40])).toBe(false)
    })

    it('declines, while that is free, what a node slow task after task would miss', async () => {
      // 25 units/s, not the 100 it declared: assignment 2 needs 200 s and would lapse.
      expect(await queuedAfter([10, 40, 40, 40, 40])).toBe(true)
    })
  })

  it('stops computing an assignment once its deadline has passed (the rest of the queue lapses behind it)', async () => {
    const { x } = executor(
      {
        getAssignment: () => assignment({ taskCount: 3, deadline: 1_060n }),
        getJob: () => ({ verification: 0, unitsPerTask: 4n, secondsPerTask: 20, specCid: SPEC_CID }),
      },
      { content: { addDirectory: async () => 'bafyresult' } },
    )
    x.loader = fakeLoader(4, 1)
    x.chainNow = 1_000n
    // The generator is far slower than it declares: the first task ends past the deadline.
    shards.onCompute = (task) => {
      if (task === 0) x.chainNow = 1_061n
    }
    await x.computeAssignment(1n, new AbortController().signal).catch(() => {})
    expect(shards.calls).toEqual([0])
  })

  it('refuses a job whose on-chain units per task understate its spec (paid for 1 unit, computes 4,000; the deadline is sized on 1)', async () => {
    const { x } = executor(
      {
        getAssignment: () => assignment({ taskCount: 1, deadline: 1_060n }),
        getJob: () => ({ verification: 0, unitsPerTask: 1n, secondsPerTask: 60, specCid: SPEC_CID }),
      },
      { content: { addDirectory: async () => 'bafyresult' } },
    )
    // 4 samples x 1,000 units per sample (generator.json) = 4,000 units, 40 s at 100 units/s.
    x.loader = fakeLoader(4, 1_000)
    x.chainNow = 1_000n
    let error: unknown
    await x.computeAssignment(1n, new AbortController().signal).catch((e) => {
      error = e
    })
    expect(shards.calls).toEqual([])
    expect(isPermanentFailure(error)).toBe(true) // failed for good: declined while free
  })

  it('own work preempts a running verification, as it does an audit (a verification only earns a reward; a lapse costs collateral)', async () => {
    const { x } = executor({})
    const signals = new Map<string, AbortSignal>()
    x.runWork = (item, signal) => {
      signals.set((item as { kind: string }).kind, signal)
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    }
    const stop = new AbortController()
    x.enqueue({ kind: 'verify', challengeId: 7n })
    x.startWork(stop.signal)
    x.enqueue({ kind: 'assignment', id: 1n })
    expect(signals.get('verify')?.aborted).toBe(true)
    stop.abort()
  })
})

describe('state kept over a long run is bounded', () => {
  it('forgets a verification file once its challenge is resolved', async () => {
    const { x, dataDir } = executor({ getChallenge: () => ({ assignmentId: 3n, challenger, taskIndex: 0, status: 3 }) })
    x.challenges.add(7n)
    x.saveVerification(7n, { shardHash: HASH, committed: true, seated: true, revealed: true })
    await x.driveChallenge(7n, 1_000n)
    expect(x.challenges.has(7n)).toBe(false)
    expect(existsSync(join(dataDir, 'verifications', '7.json'))).toBe(false)
  })

  it("bounds the job loader's spec cache (one entry per job ever run, audited or verified)", async () => {
    const bytes = encodeJobSpec({ version: 1, kind: 'GENERATE', generator: GENERATOR, params: {}, seed: 1, samplesPerTask: 4 })
    const content = { get: async () => bytes }
    const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
    const loader = new JobLoader(content as never, { workers: 1, fetchTimeoutMs: 1_000, logger })
    for (let i = 0; i < 1_000; i++) await loader.spec(rawCid(new TextEncoder().encode(`spec ${i}`)))
    expect((loader as unknown as { specs: Map<string, unknown> }).specs.size).toBeLessThanOrEqual(256)
  })
})

// ------------------------------------------------------------------------------------------------

describe('behaviour checked and found correct', () => {
  it('commit salts are re-derivable from the key alone (a restart reveals with the same salt)', async () => {
    const key = generatePrivateKey()
    const a = await deriveCommitSecret(privateKeyToAccount(key))
    const b = await deriveCommitSecret(privateKeyToAccount(key))
    expect(a).toBe(b)
    const salt = (s: Hex) => deriveSalt(s, 31337, market, 'verify', 7n)
    expect(salt(a)).toBe(salt(b))
    expect(verificationCommitment(HASH, me, salt(a))).toBe(verificationCommitment(HASH, me, salt(b)))
    expect(deriveSalt(a, 31337, market, 'result', 7n)).not.toBe(salt(a))
  })

  it('a manifest nobody serves (no gateway) is no evidence: no challenge', async () => {
    const { x } = executor(
      {
        getAssignment: () => assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n }),
        getJob: () => ({ verification: 0 }),
      },
      {
        content: {
          getFile: async () => {
            throw new ContentError('NodeUnavailable', 'no peer')
          },
        },
      },
    )
    x.recompute = async () => HASH
    await x.audit(4n, rawCid(new TextEncoder().encode('r')), new AbortController().signal)
    expect(writes.calls).not.toContain('challenge')
  })

  it('a replicated result committed before the data dir was lost is recomputed (then revealed), not abandoned', async () => {
    const { x } = executor({ getAssignment: () => assignment({ status: 2, groupId: 1n }) })
    await x.driveAssignment(1n, 100n)
    expect(x.queue).toEqual([{ kind: 'assignment', id: 1n }])
  })

  it('an own assignment that ended is forgotten with its shards (no disk growth)', async () => {
    const { x, dataDir } = executor({ getAssignment: () => assignment({ status: 7 }) })
    const store = new StateStore(dataDir)
    store.put({ assignmentId: '1', jobId: '2', firstTask: 0, taskCount: 1, root: HASH, resultCid: 'bafy' })
    await x.driveAssignment(1n, 100n)
    expect(store.get(1n)).toBeUndefined()
    expect(existsSync(store.shardDir(1n))).toBe(false)
  })

  it("others' assignments watched for a lapse and results queued for audit are bounded", () => {
    const { x } = executor({})
    for (let i = 0; i < 10_050; i++) {
      x.onEvent({
        eventName: 'TasksAssigned',
        args: {
          assignmentId: BigInt(i),
          executor: someoneElse,
          jobId: 1n,
          taskCount: 1,
          groupId: 0n,
          deadline: 100n,
          priceTick: 1,
        },
        blockNumber: 1n,
      })
    }
    expect(x.lapseWatch.size).toBeLessThanOrEqual(10_000)
    const queue = new AuditQueue()
    for (let i = 0; i < 1_000; i++) queue.add({ assignmentId: BigInt(i), resultCid: 'c', challengeEnd: BigInt(1_000 + i) })
    expect(queue.size).toBe(AUDIT_QUEUE_MAX)
  })

  it('a config path that is a directory is refused, naming the path and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'executor-audit-config-'))
    expect(() => readConfigFile(dir)).toThrow(/is a directory/)
  })

  it('a log whose block was replaced (reorg) is never handled, and the cursor does not move past it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'executor-audit-cursor-'))
    const cursor = new EventCursor(join(dir, 'cursor.json'), 31337, market)
    const hashOf = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as Hex
    events.logs = [{ eventName: 'TasksAssigned', args: {}, blockNumber: 5n, blockHash: `0x${'ee'.repeat(32)}`, logIndex: 0 }]
    const handled: unknown[] = []
    const chain = {
      startBlock: 1n,
      market: { address: market, abi },
      publicClient: {
        getBlockNumber: async () => 20n,
        getBlock: async ({ blockNumber }: { blockNumber: bigint }) => ({ hash: hashOf(blockNumber) }),
      },
    }
    const logger = createLogger({ level: 'error', format: 'json', sink: () => {} })
    await pollMarketEvents({
      chain: chain as never,
      cursor,
      confirmations: 2,
      pageBlocks: 100,
      logger,
      handle: (e) => void handled.push(e),
    })
    expect(handled).toEqual([])
    expect(cursor.read()).toBeUndefined()
    events.logs = []
  })

  it('CLI flags: a flag without its value, or given twice, is refused in one line', () => {
    const flags = { price: { type: 'string' }, capacity: { type: 'string' } } as const
    expect(() => parseCommandArgs(['--price', '--capacity', '2'], flags)).toThrow(/--price needs a value/)
    expect(() => parseCommandArgs(['--price', '1', '--price', '2'], flags)).toThrow(/given twice/)
    expect(() => parseCommandArgs(['--pirce', '1'], flags)).toThrow(/unknown option --pirce/)
  })
})
