// The daemon's decisions on bad answers, with the chain faked at its reads (`read`) and writes
// (`send`): no anvil, no IPFS. The integration suites in executor/test run the same paths for real.
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ContentError } from '@neuromation/content'
import { SandboxError } from '@neuromation/engine'
import { createLogger } from '@neuromation/runtime'
import { contractAbis, encodeJobSpec, merkleRoot, rawCid } from '@neuromation/sdk'
import { type Address, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Executor } from './Executor'
import { StateStore } from './state/StateStore'
import { isPermanentFailure } from './work/isPermanentFailure'

const me = '0x00000000000000000000000000000000000000a1' as Address
const someoneElse = '0x00000000000000000000000000000000000000b2' as Address
const market = '0x00000000000000000000000000000000000000c3' as Address
const abi = contractAbis.JobMarket

function revert(errorName: 'UnknownJob' | 'UnknownAssignment', id: bigint): Error {
  const data = encodeErrorResult({ abi, errorName, args: [id] } as never)
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName: 'getJob' })
  return new ContractFunctionExecutionError(reverted, { abi, functionName: 'getJob', args: [id], contractAddress: market })
}

type Reads = Record<string, (args: readonly unknown[]) => unknown>

// The sdk's challenge writes and declineAssignment, faked: each call is recorded and answers with a
// hash, or throws the decoded revert set for it (as viem reports a simulated revert). Only the draw
// and decline tests send through the daemon's real `send`; the other tests fake `send` itself and
// never reach these.
const writes = vi.hoisted(() => ({ calls: [] as string[], reverts: new Map<string, Error>() }))
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
    commitVerification: fake('commitVerification'),
    declineAssignment: fake('declineAssignment'),
    drawVerifiers: fake('drawVerifiers'),
    placeAsk: fake('placeAsk'),
    revealVerification: fake('revealVerification'),
    resolveChallenge: fake('resolveChallenge'),
  }
})

/** A revert of JobMarket's `errorName` with `args`, as viem throws it for a simulated write. */
function marketRevert(errorName: string, args: readonly unknown[], functionName = 'drawVerifiers'): Error {
  const data = encodeErrorResult({ abi, errorName, args } as never)
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName })
  return new ContractFunctionExecutionError(reverted, { abi, functionName, args: [], contractAddress: market })
}

/** The private parts of Executor these tests drive. */
type Inner = {
  read: (contract: string, functionName: string, args?: readonly unknown[]) => Promise<unknown>
  send: (what: string, fields?: Record<string, unknown>) => Promise<boolean>
  runWork: () => Promise<void>
  enqueue: (item: unknown) => void
  startWork: (signal: AbortSignal) => void
  working: { done: Promise<void> } | undefined
  queue: unknown[]
  tracked: Set<bigint>
  recordFailures: () => Promise<void>
  manageAsk: () => Promise<void>
  driveAssignment: (id: bigint, now: bigint) => Promise<void>
  settleable: Set<bigint>
  recompute: () => Promise<Hex>
  audit: (assignmentId: bigint, resultCid: string, signal: AbortSignal) => Promise<void>
  audits: { take: (now: bigint) => { assignmentId: bigint; resultCid: string; challengeEnd: bigint } | undefined }
  onEvent: (event: unknown) => void
  reclaimLapsed: (now: bigint, signal: AbortSignal) => Promise<void>
  driveChallenge: (challengeId: bigint, now: bigint) => Promise<void>
  saveVerification: (challengeId: bigint, v: Record<string, unknown>) => void
  verification: (challengeId: bigint) => Record<string, unknown>
  secret: Hex | undefined
  cancelAskOnStop: () => Promise<void>
  runStartBlock: bigint | undefined
  ownCancels: Set<string>
  lastAskAt: number
  strategy: { priceTick: number }
}

/** An Executor whose chain answers from `reads` (by function name) and records what it sends. */
function executor(
  reads: Reads,
  dataDir = mkdtempSync(join(tmpdir(), 'executor-')),
  extra: { content?: unknown; ipfsGateway?: string; ask?: Record<string, unknown>; config?: Record<string, unknown> } = {},
) {
  const logs: Record<string, unknown>[] = []
  const logger = createLogger({ level: 'debug', format: 'json', sink: (line) => logs.push(JSON.parse(line)) })
  const counters: Record<string, number> = {}
  const metrics = {
    inc: (name: string, by = 1) => {
      counters[name] = (counters[name] ?? 0) + by
    },
    set: () => {},
  }
  const config = {
    dataDir,
    workers: 1,
    fetchTimeoutMs: 1_000,
    pollIntervalMs: 1_000,
    capacity: 2,
    maxReplicaWaitSeconds: 1_000,
    audit: true,
    verify: true,
    ask: extra.ask ?? { strategy: 'fixed', priceTick: 100, minTick: 1, maxTick: 1_000 },
    ipfsGateway: extra.ipfsGateway,
    ...extra.config,
  }
  const publicClient = {
    getBlock: async () => ({ timestamp: 100n }),
    waitForTransactionReceipt: async () => ({ status: 'success' }),
  }
  const chain = { me, chainId: 31339, market: { address: market, abi }, registry: { address: market, abi }, publicClient }
  const x = new Executor({ config, chain, content: extra.content ?? {}, logger, metrics, random: () => 0 } as never)
  const sent: string[] = []
  const inner = x as unknown as Inner
  inner.read = async (_contract, functionName, args = []) => {
    const answer = reads[functionName]
    if (!answer) throw new Error(`unexpected read ${functionName}`)
    return answer(args)
  }
  inner.send = async (what) => {
    sent.push(what)
    return true
  }
  return { x: inner, logs, sent, counters, dataDir }
}

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

describe('Executor', () => {
  it('H4: a permanent failure it cannot record (RPC down) is kept, not run again, and recorded on a later tick', async () => {
    let rpcUp = false
    const { x, dataDir, counters } = executor({
      getAssignment: () => {
        if (!rpcUp) throw new Error('RPC unreachable')
        return assignment()
      },
    })
    x.runWork = async () => {
      throw new SandboxError('Forbidden', 'the generator touched Date')
    }
    const signal = new AbortController().signal
    x.enqueue({ kind: 'assignment', id: 4n })
    x.startWork(signal)
    await x.working?.done
    // Let the background attempt at recording fail (it must not reject unhandled).
    await new Promise((r) => setTimeout(r, 20))
    const store = new StateStore(dataDir)
    expect(store.get(4n)).toBeUndefined()
    expect(counters.neuro_executor_tasks_failed_total).toBe(1)
    // Not started again while the failure waits to be recorded.
    x.enqueue({ kind: 'assignment', id: 4n })
    expect(x.queue).toEqual([])
    rpcUp = true
    await x.recordFailures()
    expect(store.get(4n)?.failed).toMatch(/Forbidden/)
    expect(counters.neuro_executor_tasks_failed_total).toBe(1)
  })

  it('declines a failed assignment (optimistic or a replica) once the market answers', async () => {
    writes.calls.length = 0
    writes.reverts.clear()
    let status = 1
    const { x, dataDir, logs } = executor({ getAssignment: () => assignment({ status }) })
    x.send = (Executor.prototype as unknown as Inner).send // the real send: reverts decoded
    const store = new StateStore(dataDir)
    store.put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1, failed: 'Forbidden: Date' })
    // The RPC fails the first time: tried again on the next tick.
    writes.reverts.set('declineAssignment', new Error('fetch failed'))
    await x.driveAssignment(4n, 100n)
    expect(store.get(4n)?.declineAnswered).toBeUndefined()
    writes.reverts.clear()
    await x.driveAssignment(4n, 101n)
    expect(writes.calls).toEqual(['declineAssignment', 'declineAssignment'])
    expect(store.get(4n)?.declineAnswered).toBe(true)
    expect(logs.some((l) => String(l.msg).startsWith('assignment declined'))).toBe(true)
    await x.driveAssignment(4n, 102n) // answered: not sent again while the chain catches up
    expect(writes.calls).toHaveLength(2)
    status = 10 // Released
    await x.driveAssignment(4n, 103n)
    expect(store.get(4n)).toBeUndefined()

    // A replica is declined the same way (its group goes on without it).
    writes.calls.length = 0
    const replica = executor({ getAssignment: () => assignment({ groupId: 3n }) })
    replica.x.send = (Executor.prototype as unknown as Inner).send
    new StateStore(replica.dataDir).put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1, failed: 'Forbidden' })
    await replica.x.driveAssignment(4n, 100n)
    expect(writes.calls).toEqual(['declineAssignment'])
  })

  it('takes a passed deadline as final: logged once as a lapse to come, not retried', async () => {
    writes.calls.length = 0
    writes.reverts.clear()
    const { x, dataDir, logs } = executor({ getAssignment: () => assignment() })
    x.send = (Executor.prototype as unknown as Inner).send
    new StateStore(dataDir).put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1, failed: 'Forbidden' })
    writes.reverts.set('declineAssignment', marketRevert('DeclineWindowClosed', [4n, 130n], 'declineAssignment'))
    await x.driveAssignment(4n, 200n)
    await x.driveAssignment(4n, 201n)
    expect(writes.calls).toEqual(['declineAssignment'])
    const lapse = logs.filter((l) => String(l.msg).startsWith('assignment cannot be declined'))
    expect(lapse).toHaveLength(1)
    expect(lapse[0].reason).toBe('its deadline passed at 1970-01-01T00:02:10.000Z')
    expect(new StateStore(dataDir).get(4n)?.declineAnswered).toBe(true)
  })

  it('after declining, places its ask again at its own price: the market keeps the job away from it', async () => {
    const { x, sent } = executor({ getAsk: () => ({ active: false, priceTick: 0, capacity: 0, inFlight: 0 }) })
    x.onEvent({
      eventName: 'AskRemoved',
      args: { executor: me, kind: 0, reason: 4 }, // Declined
      blockNumber: 5n,
      transactionHash: '0x02',
    })
    await x.manageAsk()
    expect(sent).toEqual(['ask placed'])
    expect(x.strategy.priceTick).toBe(100)
  })

  it('settles a result on the machine clock at most every 30 s while the chain clock still says it is in its window', async () => {
    const wallNow = Math.floor(Date.now() / 1000)
    // Submitted, window over by the machine's clock, not by the chain's (set back by a revert).
    const { x } = executor({ getAssignment: () => assignment({ status: 3, challengeEnd: BigInt(wallNow - 10) }) })
    const chainNow = BigInt(wallNow - 3_600)
    await x.driveAssignment(4n, chainNow)
    expect([...x.settleable]).toEqual([4n]) // tried at once: on a chain that mines on demand it pays
    x.settleable.clear() // as a sent settle does
    await x.driveAssignment(4n, chainNow)
    expect([...x.settleable]).toEqual([]) // not again on the next poll
    // Once the chain's clock passes the window it is settled every poll until it is.
    await x.driveAssignment(4n, BigInt(wallNow))
    expect([...x.settleable]).toEqual([4n])
  })

  it("reclaims another node's optimistic assignment once it lapses without a result, and nothing else", async () => {
    const other = '0x00000000000000000000000000000000000000e7'
    const assigned = (assignmentId: bigint, groupId = 0n) => ({
      eventName: 'TasksAssigned',
      args: { assignmentId, jobId: 2n, executor: other, firstTask: 0, taskCount: 1, priceTick: 100, deadline: 1_000n, groupId },
      blockNumber: 5n,
      transactionHash: '0x05',
    })
    const onChain = new Map<bigint, ReturnType<typeof assignment>>([
      [5n, assignment({ executor: other, deadline: 1_000n })],
      [6n, assignment({ executor: other, deadline: 1_000n, status: 3 })], // submitted meanwhile
      [7n, assignment({ executor: other, deadline: 1_000n })],
    ])
    const { x, sent } = executor({ getAssignment: ([id]) => onChain.get(id as bigint) })
    x.onEvent(assigned(5n))
    x.onEvent(assigned(6n))
    x.onEvent(assigned(7n))
    x.onEvent({ eventName: 'ResultSubmitted', args: { assignmentId: 7n, resultCid: 'x', challengeEnd: 2_000n }, blockNumber: 6n })
    x.onEvent(assigned(8n, 3n)) // a replica: its group ends through resolveGroup
    const signal = new AbortController().signal
    await x.reclaimLapsed(1_000n, signal) // the deadline second is still the executor's
    expect(sent).toEqual([])
    await x.reclaimLapsed(1_001n, signal)
    // 5 lapsed; 6 was submitted (read from the chain), 7 seen submitted, 8 replicated.
    expect(sent).toEqual(['lapsed assignment reclaimed'])
    await x.reclaimLapsed(5_000n, signal)
    expect(sent).toEqual(['lapsed assignment reclaimed']) // each tried once
  })

  it('keeps a lapsed assignment it could not read (RPC down) for a later tick, and forgets one a reorg removed', async () => {
    const other = '0x00000000000000000000000000000000000000e7'
    let rpcUp = false
    const { x, sent } = executor({
      getAssignment: ([id]) => {
        if (id === 6n) throw revert('UnknownAssignment', 6n)
        if (!rpcUp) throw new Error('RPC unreachable')
        return assignment({ executor: other, deadline: 1_000n })
      },
    })
    for (const assignmentId of [5n, 6n])
      x.onEvent({
        eventName: 'TasksAssigned',
        args: {
          assignmentId,
          jobId: 2n,
          executor: other,
          firstTask: 0,
          taskCount: 1,
          priceTick: 100,
          deadline: 1_000n,
          groupId: 0n,
        },
        blockNumber: 5n,
      })
    const signal = new AbortController().signal
    await x.reclaimLapsed(2_000n, signal) // 5: the RPC fails, kept
    await x.reclaimLapsed(2_000n, signal) // 6: unknown on this chain, forgotten
    rpcUp = true
    await x.reclaimLapsed(2_000n, signal)
    expect(sent).toEqual(['lapsed assignment reclaimed'])
    await x.reclaimLapsed(2_000n, signal)
    expect(sent).toEqual(['lapsed assignment reclaimed'])
  })

  it('L8: an assignment the chain gives to another executor (or job) is dropped, not computed', async () => {
    for (const onChain of [assignment({ executor: someoneElse }), assignment({ jobId: 3n })]) {
      const { x, dataDir, logs } = executor({ getAssignment: () => onChain })
      const store = new StateStore(dataDir)
      store.put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1 })
      x.tracked.add(4n)
      await x.driveAssignment(4n, 100n)
      expect(x.queue).toEqual([])
      expect(x.tracked.has(4n)).toBe(false)
      expect(store.get(4n)).toBeUndefined()
      expect(logs.some((l) => l.msg === "assignment on chain is not this node's: dropping the local record")).toBe(true)
    }
  })

  it('a record of an orphaned assignment with the same id and job but another task range is dropped (reorg)', async () => {
    // A reorg replaced assignment 4 (job 2, tasks 0-2, computed and recorded here) by a new
    // assignment 4 of the same job id over task 5 only: the old root must never be submitted for it.
    const { x, dataDir, logs, sent } = executor({ getAssignment: () => assignment({ firstTask: 5, taskCount: 1 }) })
    const store = new StateStore(dataDir)
    store.put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 3, root: `0x${'11'.repeat(32)}`, resultCid: 'bafyold' })
    x.tracked.add(4n)
    await x.driveAssignment(4n, 100n)
    expect(sent).toEqual([])
    expect(store.get(4n)).toBeUndefined()
    expect(logs.some((l) => l.msg === "assignment on chain is not this node's: dropping the local record")).toBe(true)
  })

  it("reads a job afresh: a job id reused after a reorg never runs the orphaned job's spec", async () => {
    // Job 4 was posted, read here (audited, computed), then orphaned by a reorg; the next job posted
    // takes id 4 again with another spec. Every read must give the canonical job's spec.
    let specCid = 'bafkreiorphanedspec'
    const job = () => ({
      verification: 0,
      replication: 1,
      specCid,
      status: 1,
      tasksUnassigned: 0,
      deadline: 10_000n,
      collateralPerTask: 1n,
      challengeWindow: 60,
    })
    const { x } = executor({ getJob: job })
    const read = (x as unknown as { readJob: (id: bigint) => Promise<{ specCid: string }> }).readJob.bind(x)
    expect((await read(4n)).specCid).toBe('bafkreiorphanedspec')
    specCid = 'bafkreicanonicalspec'
    expect((await read(4n)).specCid).toBe('bafkreicanonicalspec')
  })

  it('refuses a replica that could lock its collateral longer than EXECUTOR_MAX_REPLICA_WAIT_S, for good (then declined)', async () => {
    const run = async (overrides: Record<string, unknown>) => {
      const { x } = executor({ getAssignment: () => assignment(overrides) })
      ;(x as unknown as { chainNow: bigint }).chainNow = 100n
      const compute = (x as unknown as { computeAssignment: (id: bigint, s: AbortSignal) => Promise<void> }).computeAssignment
      return compute.call(x, 4n, new AbortController().signal).catch((error: unknown) => error)
    }
    // Deadline 1,001 s away with a 1,000 s limit: refused before the job is even read.
    const refused = await run({ groupId: 3n, deadline: 1_101n })
    expect(refused).toMatchObject({ name: 'ExecutorError', code: 'BAD_SPEC' })
    expect(String((refused as Error).message)).toContain('over EXECUTOR_MAX_REPLICA_WAIT_S=1000')
    expect(isPermanentFailure(refused)).toBe(true)
    // At the limit, or an optimistic assignment (nobody else holds its collateral): the job is read.
    for (const overrides of [
      { groupId: 3n, deadline: 1_100n },
      { groupId: 0n, deadline: 1_000_000n },
    ]) {
      expect(String(await run(overrides))).toContain('unexpected read getJob')
    }
  })

  it('L8: its own assignment is computed', async () => {
    const { x, dataDir } = executor({ getAssignment: () => assignment() })
    new StateStore(dataDir).put({ assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1 })
    x.tracked.add(4n)
    await x.driveAssignment(4n, 100n)
    expect(x.queue).toEqual([{ kind: 'assignment', id: 4n }])
  })
})

describe('Executor work order', () => {
  it('own work stops a running verification, which runs again right after it', async () => {
    const { x } = executor({})
    const inner = x as unknown as { runWork: (item: unknown, signal: AbortSignal) => Promise<void> }
    inner.runWork = (_item, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    const stop = new AbortController()
    x.enqueue({ kind: 'verify', challengeId: 7n })
    x.startWork(stop.signal)
    x.enqueue({ kind: 'audit', assignmentId: 9n, resultCid: 'c', challengeEnd: 10_000n }) // no preemption
    x.enqueue({ kind: 'assignment', id: 1n })
    await x.working?.done
    expect(x.queue).toEqual([
      { kind: 'assignment', id: 1n },
      { kind: 'verify', challengeId: 7n },
      { kind: 'audit', assignmentId: 9n, resultCid: 'c', challengeEnd: 10_000n },
    ])
    stop.abort()
  })

  it('keeps queued assignments that fit before their deadline at the declared units per second', async () => {
    const { x, sent } = executor(
      {
        getAssignment: () => assignment({ deadline: 1_060n }),
        getJob: () => ({ verification: 0, unitsPerTask: 2_000n, secondsPerTask: 60 }),
        declineFreeUntil: () => 1_030n,
      },
      undefined,
      { config: { unitsPerSecond: 100 } },
    )
    await x.driveAssignment(1n, 1_000n)
    await x.driveAssignment(2n, 1_000n) // 20 s + 20 s at 100 units/s: both fit by 1060
    expect(x.queue).toEqual([
      { kind: 'assignment', id: 1n },
      { kind: 'assignment', id: 2n },
    ])
    expect(sent).toEqual([])
  })
})

describe('Executor asks (M4)', () => {
  const removed = (blockNumber: bigint, transactionHash: string) => ({
    eventName: 'AskRemoved',
    args: { executor: me, kind: 0, reason: 0 },
    blockNumber,
    transactionHash,
  })
  const reads = { getAsk: () => ({ active: false, priceTick: 0, capacity: 0, inFlight: 0 }) }

  it("stays out of the book after an operator's cancel seen while running, until restart", async () => {
    const { x, sent, logs } = executor(reads)
    x.runStartBlock = 10n
    x.onEvent(removed(11n, '0xabc'))
    expect(logs.some((l) => String(l.msg).startsWith('ask cancelled by the operator'))).toBe(true)
    x.lastAskAt = 0
    await x.manageAsk()
    expect(sent).toEqual([])
  })

  it("re-places the ask after its own cancel, or a cancel from before this run's start", async () => {
    for (const [event, own] of [
      [removed(11n, '0xABC'), '0xabc'],
      [removed(10n, '0xdef'), undefined],
    ] as const) {
      const { x, sent } = executor(reads)
      x.runStartBlock = 10n
      if (own) x.ownCancels.add(own)
      x.onEvent(event)
      await x.manageAsk()
      expect(sent).toEqual(['ask placed'])
    }
  })

  it('says once why its ask cannot be placed, not every round, and again only when the reason changes', async () => {
    writes.calls.length = 0
    writes.reverts.clear()
    const { x, logs } = executor(reads)
    x.send = (Executor.prototype as unknown as Inner).send
    x.runStartBlock = 10n
    const warnings = () => logs.filter((l) => l.level === 'warn').map((l) => l.msg)
    const round = async () => {
      x.lastAskAt = 0 // the next ask interval
      await x.manageAsk()
    }
    writes.reverts.set('placeAsk', marketRevert('NotRegisteredExecutor', [me], 'placeAsk'))
    for (let i = 0; i < 5; i++) await round()
    expect(writes.calls).toEqual(Array(5).fill('placeAsk'))
    expect(warnings()).toEqual([
      'ask placed failed',
      'no ask in the book: this node takes no new tasks until the reason above is fixed; it tries again every 10 s without logging the same failure again',
    ])
    expect(logs.find((l) => l.msg === 'ask placed failed')?.reason).toBe(
      'Only a registered node with stake can place asks: register and stake first.',
    )
    writes.reverts.set('placeAsk', marketRevert('AskUnderCollateralized', [0n, 10n ** 19n], 'placeAsk'))
    await round()
    await round()
    expect(warnings()).toHaveLength(4)
    // Placed at last: a later failure is news again.
    writes.reverts.clear()
    await round()
    writes.reverts.set('placeAsk', marketRevert('AskUnderCollateralized', [0n, 10n ** 19n], 'placeAsk'))
    await round()
    expect(warnings()).toHaveLength(6)
  })

  it('cancels an active ask on stop, and only logs when it cannot', async () => {
    let active = true
    const { x, sent, logs } = executor({
      getAsk: () => {
        if (!active) throw new Error('RPC unreachable')
        return { active, priceTick: 100, capacity: 2, inFlight: 0 }
      },
    })
    await x.cancelAskOnStop()
    expect(sent).toEqual(['ask cancelled on stop'])
    active = false
    await x.cancelAskOnStop()
    expect(sent).toEqual(['ask cancelled on stop'])
    expect(logs.some((l) => String(l.msg).startsWith('ask may still be in the book after stopping'))).toBe(true)
  })
})

describe('Executor: why its ask left the book, and the adaptive price', () => {
  it('logs the AskRemoval reason by name', () => {
    const { x, logs } = executor({})
    x.onEvent({ eventName: 'AskRemoved', args: { executor: me, kind: 0, reason: 2 }, blockNumber: 5n, transactionHash: '0x01' })
    expect(logs.find((l) => l.msg === 'ask removed from the book')).toMatchObject({ reason: 'InsufficientStake' })
  })

  const adaptive = { strategy: 'adaptive', priceTick: 100, minTick: 40, maxTick: 1_000 }
  /** One decision of the adaptive strategy: one ask interval (idle here: utilization 0, 0.8 below its target). */
  const interval = async (x: Inner) => {
    x.lastAskAt = 0
    await x.manageAsk()
    return x.strategy.priceTick
  }
  const assigned = (executorAddress: Address, priceTick: number, blockNumber = 11n) => ({
    eventName: 'TasksAssigned',
    args: { assignmentId: 9n, jobId: 3n, executor: executorAddress, firstTask: 0, taskCount: 4, priceTick },
    blockNumber,
    transactionHash: '0x02',
  })
  const rested = (jobId: bigint, maxPriceTick: number, kind = 0) => ({
    eventName: 'BidRested',
    args: { jobId, kind, maxPriceTick, tasksUnassigned: 4 },
    blockNumber: 11n,
    transactionHash: '0x03',
  })
  const reads = () => {
    const ask = { active: true, priceTick: 100, capacity: 2, inFlight: 0 }
    return { getAsk: () => ask, freeStake: () => 0n }
  }

  it('holds its price in a market with no jobs, however long it wins nothing', async () => {
    const { x } = executor(reads(), undefined, { ask: adaptive })
    x.runStartBlock = 10n
    for (let i = 0; i < 10; i++) expect(await interval(x)).toBe(100)
  })

  it('lowers it when tasks went to cheaper asks during the run, not for history or dearer asks', async () => {
    const { x } = executor(reads(), undefined, { ask: adaptive })
    x.runStartBlock = 10n
    x.onEvent(assigned(someoneElse, 80, 9n)) // before this run: history read while catching up
    x.onEvent(assigned(someoneElse, 120)) // a dearer ask: its price lost nothing there
    expect(await interval(x)).toBe(100)
    x.onEvent(assigned(someoneElse, 80))
    expect(await interval(x)).toBe(84)
    expect(await interval(x)).toBe(84) // and holds again once that demand is gone
  })

  it('lowers it toward a GENERATE bid resting below it that its minimum can reach', async () => {
    for (const [bid, price] of [
      [rested(5n, 30), 100], // below EXECUTOR_ASK_MIN: no price it may ask wins it
      [rested(5n, 60, 1), 100], // another kind of job: not for its ask
      [rested(5n, 60), 84],
    ] as const) {
      const { x } = executor(reads(), undefined, { ask: adaptive })
      x.runStartBlock = 10n
      x.onEvent(bid)
      expect(await interval(x)).toBe(price)
    }
  })
})

describe('Executor: resting jobs its ask cannot reach by itself', () => {
  const rested = (jobId: bigint, maxPriceTick: number) => ({
    eventName: 'BidRested',
    args: { jobId, kind: 0, maxPriceTick, tasksUnassigned: 4 },
    blockNumber: 5n,
    transactionHash: '0x01',
  })
  const job = (collateralPerTask: bigint, overrides: Record<string, unknown> = {}) => ({
    verification: 0,
    replication: 1,
    specCid: 'x',
    status: 1,
    tasksUnassigned: 4,
    deadline: 10_000n,
    collateralPerTask,
    challengeWindow: 60,
    unitsPerTask: 6_000n,
    secondsPerTask: 60,
    ...overrides,
  })
  // The content store's answers: spec CID -> samples per task (6 unless named), of a generator of
  // 1,000 compute units per sample. 6 x 1,000 = 6,000: what `job` declares.
  const generator = rawCid(new TextEncoder().encode('a generator bundle'))
  const content = (samplesPerTask: Record<string, number> = {}) => ({
    get: async (cid: string) =>
      encodeJobSpec({ version: 1, kind: 'GENERATE', generator, params: {}, seed: 1, samplesPerTask: samplesPerTask[cid] ?? 6 }),
    getFile: async (_cid: string, path: string) => {
      if (path !== 'generator.json') throw new Error(`unexpected file ${path}`)
      return new TextEncoder().encode(
        JSON.stringify({
          name: 'digits',
          version: '1.0.0',
          description: 'test',
          params: { type: 'object' },
          output: { image: { width: 8, height: 8, channels: 1 }, label: { type: 'integer' } },
          computeUnitsPerSample: 1_000,
        }),
      )
    },
  })

  it('never matches a resting job whose declared units per task understate its spec (it would decline its tasks)', async () => {
    const understating = rawCid(new TextEncoder().encode('a spec of 10 samples per task'))
    const jobs: Record<string, ReturnType<typeof job>> = {
      // 10 samples x 1,000 units = 10,000 units per task, declared as 6,000: paid and timed for 60%.
      '8': job(10n ** 18n, { specCid: understating }),
      '9': job(10n ** 18n),
    }
    const { x } = executor(
      {
        getAsk: () => ({ active: true, priceTick: 100, capacity: 2, inFlight: 0 }),
        getNode: () => ({ stake: 6n * 10n ** 18n, locked: 10n ** 18n, capabilities: { computeUnitsPerSecond: 100n } }),
        getJob: ([id]) => jobs[String(id)],
        excludedExecutors: () => [],
      },
      undefined,
      { content: content({ [understating]: 10 }) },
    )
    const matched: unknown[] = []
    const send = x.send
    x.send = async (what: string, fields?: Record<string, unknown>) => {
      if (what === 'resting job matched') matched.push(fields?.jobId)
      return send(what)
    }
    x.onEvent(rested(8n, 300)) // the better price
    x.onEvent(rested(9n, 200))
    await x.manageAsk() // re-places the ask for the new bids
    await x.manageAsk()
    await x.manageAsk()
    expect(matched).toEqual([9n])
  })

  it('sends matchJob for the best resting job it could serve, once per rest, skipping what it cannot', async () => {
    const jobs: Record<string, ReturnType<typeof job>> = {
      '7': job(10n ** 21n), // more collateral than its free stake: nobody's ask here can take it
      '8': job(10n ** 18n),
      '9': job(10n ** 18n), // below its price
      '10': job(10n ** 18n, { status: 2 }), // no longer open
      // More than its declared 100 units/s compute in the job's 60 s per task: the market would not match it.
      '11': job(10n ** 18n, { unitsPerTask: 6_001n }),
      // This node declined it (or missed its deadline, or lost a challenge on it): excluded.
      '12': job(10n ** 18n),
    }
    const jobReads: bigint[] = []
    const { x, sent } = executor(
      {
        getAsk: () => ({ active: true, priceTick: 100, capacity: 2, inFlight: 0 }),
        getNode: () => ({ stake: 6n * 10n ** 18n, locked: 10n ** 18n, capabilities: { computeUnitsPerSecond: 100n } }),
        getJob: ([id]) => {
          jobReads.push(id as bigint)
          return jobs[String(id)]
        },
        excludedExecutors: ([id]) => (id === 12n ? ['0x00000000000000000000000000000000000000e1', me.toLowerCase()] : []),
      },
      undefined,
      { content: content() },
    )
    for (const [id, tick] of [
      [12n, 600],
      [7n, 500],
      [11n, 450],
      [10n, 400],
      [8n, 300],
      [9n, 50],
    ] as const)
      x.onEvent(rested(id, tick))
    // The first tick re-places the ask (the new bids at or above its price); its own walk then
    // takes what it can reach.
    await x.manageAsk()
    expect(sent).toEqual(['ask placed'])
    // The next ticks find them still resting, read four per tick, best first: job 8 is the best it
    // could serve (12 excluded it, 7 needs more collateral, 11 more speed, 10 is no longer open).
    await x.manageAsk()
    expect(sent).toEqual(['ask placed'])
    await x.manageAsk()
    expect(sent).toEqual(['ask placed', 'resting job matched'])
    expect(jobReads).toEqual([12n, 7n, 11n, 10n, 8n])
    // Each once per rest: nothing more until a job rests again.
    await x.manageAsk()
    expect(sent).toEqual(['ask placed', 'resting job matched'])
    x.onEvent(rested(7n, 500))
    await x.manageAsk() // the re-placement for the new bid
    await x.manageAsk()
    expect(jobReads).toEqual([12n, 7n, 11n, 10n, 8n, 7n])
    expect(sent).toEqual(['ask placed', 'resting job matched', 'ask placed'])
  })

  it('sends nothing while its ask is full or out of the book', async () => {
    for (const ask of [
      { active: true, priceTick: 100, capacity: 2, inFlight: 2 },
      { active: false, priceTick: 0, capacity: 0, inFlight: 0 },
    ]) {
      const { x, sent } = executor({ getAsk: () => ask, freeStake: () => 10n ** 24n, getJob: () => job(1n) })
      x.onEvent(rested(8n, 300))
      x.lastAskAt = Date.now() // between the ask's intervals
      await x.manageAsk()
      expect(sent).not.toContain('resting job matched')
    }
  })
})

describe('Executor audits (H6, L7)', () => {
  // A challenge that did not disprove a result gives its window back (ChallengeWindowReopened): a
  // challenge of an honest task must not shield the others from audits once it failed.
  it("audits another node's result again when its challenge window reopens", () => {
    const { x } = executor({})
    x.onEvent({
      eventName: 'ResultSubmitted',
      args: { assignmentId: 9n, resultCid: 'bafyresult', challengeEnd: 2_000n },
      blockNumber: 6n,
    })
    expect(x.audits.take(0n)).toEqual({ assignmentId: 9n, resultCid: 'bafyresult', challengeEnd: 2_000n })
    expect(x.audits.take(0n)).toBeUndefined() // audited (or challenged): gone from the queue
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 9n, challengeEnd: 5_000n }, blockNumber: 9n })
    expect(x.audits.take(0n)).toEqual({ assignmentId: 9n, resultCid: 'bafyresult', challengeEnd: 5_000n })
    x.onEvent({ eventName: 'ChallengeWindowReopened', args: { assignmentId: 10n, challengeEnd: 5_000n }, blockNumber: 9n })
    expect(x.audits.take(0n)).toBeUndefined() // a result it never saw: nothing to audit
  })

  const shardHash = `0x${'11'.repeat(32)}` as Hex
  const root = merkleRoot([{ taskIndex: 0, shardHash }])
  const submitted = assignment({ executor: someoneElse, status: 3, challengeEnd: 10_000n, root })
  const cid = rawCid(new TextEncoder().encode('a result'))
  const manifest = (hash: Hex) => new TextEncoder().encode(JSON.stringify({ shards: [{ task: 0, sha256: hash }] }))
  let gateway: Server
  let gatewayUrl: string
  const gatewayHits: string[] = []
  let gatewayBody: Uint8Array = new Uint8Array()

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      gatewayHits.push(req.url ?? '')
      res.end(gatewayBody)
    })
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r))
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => gateway.close(() => r())))

  /** Audits assignment 4 (result `resultCid`) with `getFile` as the content store's answer; its logs. */
  async function audit(getFile: () => Promise<Uint8Array>, resultCid = cid, mine: Hex = shardHash) {
    gatewayHits.length = 0
    const content = { getFile }
    const { x, logs } = executor({ getAssignment: () => submitted, getJob: () => ({ verification: 0 }) }, undefined, {
      content,
      ipfsGateway: gatewayUrl,
    })
    x.recompute = async () => mine
    await x.audit(4n, resultCid, new AbortController().signal)
    return logs
  }
  const challenged = (logs: Record<string, unknown>[]) => logs.find((l) => l.msg === 'audit failed: challenging')

  it('passes a verified manifest that agrees, and challenges one whose shard differs', async () => {
    expect((await audit(async () => manifest(shardHash))).some((l) => l.msg === 'audit passed')).toBe(true)
    const logs = await audit(async () => manifest(shardHash), cid, `0x${'22'.repeat(32)}`)
    expect(challenged(logs)?.reason).toBe('the recomputed shard differs')
  })

  it('never asks the gateway when the content layer refused a manifest as too large', async () => {
    const logs = await audit(async () => {
      throw new ContentError('ContentTooLarge', 'manifest.json is over 4194304 bytes')
    })
    expect(gatewayHits).toEqual([])
    expect(challenged(logs)).toBeUndefined()
    expect(logs.some((l) => l.msg === 'audit skipped: result manifest unavailable')).toBe(true)
  })

  it('takes gateway bytes only where the chain root vouches for them: a lying gateway causes no challenge', async () => {
    const notFound = async (): Promise<Uint8Array> => {
      throw new ContentError('ContentNotFound', 'not found')
    }
    gatewayBody = new TextEncoder().encode('{ garbage')
    let logs = await audit(notFound)
    expect(gatewayHits).toEqual([`/ipfs/${cid}/manifest.json`])
    expect(challenged(logs)).toBeUndefined()
    expect(logs.find((l) => l.msg === 'audit skipped: unverified gateway manifest')?.reason).toMatch(/not JSON/)
    gatewayBody = manifest(`0x${'33'.repeat(32)}`) // another root
    logs = await audit(notFound)
    expect(challenged(logs)).toBeUndefined()
    // A manifest that gives the root binds its hashes to the chain, wherever it came from.
    gatewayBody = manifest(shardHash)
    logs = await audit(notFound, cid, `0x${'22'.repeat(32)}`)
    expect(challenged(logs)?.reason).toBe('the recomputed shard differs')
    // And a body past the limit is cut off, not buffered.
    gatewayBody = new Uint8Array(5 * 1024 * 1024).fill(0x20)
    logs = await audit(notFound)
    expect(challenged(logs)).toBeUndefined()
    expect(String(logs.find((l) => l.msg === 'audit skipped: result manifest unavailable')?.reason)).toMatch(/over 4194304 bytes/)
  })

  it('challenges a result whose own verified content does not back its root (malformed manifest, no manifest, not a CID)', async () => {
    let logs = await audit(async () => new TextEncoder().encode('{ not json'))
    expect(challenged(logs)?.reason).toBe('the result manifest is not JSON')
    logs = await audit(async () => manifest('0xnothex' as Hex))
    expect(challenged(logs)?.reason).toMatch(/shard 0 is not/)
    logs = await audit(async () => {
      throw new ContentError('PathNotFound', 'manifest.json does not exist.')
    })
    expect(challenged(logs)?.reason).toMatch(/malformed/)
    let asked = false
    logs = await audit(async () => {
      asked = true
      return manifest(shardHash)
    }, '../../etc/passwd?')
    expect(asked).toBe(false)
    expect(gatewayHits).toEqual([])
    expect(challenged(logs)?.reason).toMatch(/malformed.*not a CID/)
  })
})

describe('Executor verifier candidacy and draw', () => {
  const challengeId = 7n
  const challenger = '0x00000000000000000000000000000000000000d4' as Address
  const shardHash = `0x${'11'.repeat(32)}` as Hex
  // Proven by someone else's assignment; candidates commit until 200, reveals until 260.
  const state = (overrides: Record<string, unknown> = {}) => ({
    assignmentId: 3n,
    challenger,
    taskIndex: 0,
    status: 2, // Verifying
    commits: 5,
    reveals: 0,
    proofDeadline: 50n,
    commitDeadline: 200n,
    revealDeadline: 260n,
    shardHash,
    drawn: false,
    drawBlock: 0n,
    ...overrides,
  })

  /** A verifying node (not a party unless `challengerIsMe`) whose chain says `challenge()` and seats `seated()`. */
  function verifier(challenge: () => Record<string, unknown>, seated: () => Address[] = () => []) {
    writes.calls.length = 0
    writes.reverts.clear()
    const node = executor({
      getChallenge: () => challenge(),
      getAssignment: () => assignment({ executor: someoneElse, status: 5 }),
      VERIFIERS: () => 3n,
      getVerifiers: () => seated(),
    })
    // The daemon's real send, so that reverts go through its handling.
    node.x.send = (Executor.prototype as unknown as Inner).send
    node.x.secret = `0x${'22'.repeat(32)}`
    return node
  }
  const failures = (logs: Record<string, unknown>[]) => logs.filter((l) => l.level === 'warn' || l.level === 'error')

  it('commits as a candidate while the window is open, however many committed before it', async () => {
    const { x, logs, counters } = verifier(() => state({ commits: 5 }))
    x.saveVerification(challengeId, { shardHash })
    await x.driveChallenge(challengeId, 150n)
    expect(writes.calls).toEqual(['commitVerification'])
    expect(x.verification(challengeId)).toMatchObject({ committed: true })
    expect(counters.neuro_executor_verifier_candidacies_total).toBe(1)
    expect(failures(logs)).toEqual([])
    // Committed: nothing more to do until the list closes.
    await x.driveChallenge(challengeId, 200n)
    expect(writes.calls).toEqual(['commitVerification'])
  })

  it('takes a full candidate list as final for the challenge: logged once, not retried, no draw', async () => {
    const { x, logs } = verifier(() => state({ commits: 16 }))
    x.saveVerification(challengeId, { shardHash })
    writes.reverts.set(
      'commitVerification',
      marketRevert('VerifierCandidatesFull', [challengeId, 10n ** 20n, 2n * 10n ** 20n], 'commitVerification'),
    )
    await x.driveChallenge(challengeId, 150n)
    await x.driveChallenge(challengeId, 160n)
    await x.driveChallenge(challengeId, 201n) // the list closed: a draw is due, but not this node's business
    expect(writes.calls).toEqual(['commitVerification'])
    expect(x.verification(challengeId)).toMatchObject({ notSeated: 'full' })
    const full = logs.filter((l) => l.msg === 'verifier candidates full: not a candidate for this challenge')
    expect(full).toHaveLength(1)
    expect(full[0]).toMatchObject({ stake: String(10n ** 20n), lightestCandidate: String(2n * 10n ** 20n) })
    expect(failures(logs)).toEqual([])
  })

  it('sends the draw as a candidate after the window; losing the race to another node is no failure', async () => {
    let c = state()
    // Before the draw getVerifiers lists the candidates: this node among them.
    const { x, logs } = verifier(
      () => c,
      () => [someoneElse, me, challenger, `0x${'e5'.repeat(20)}`, `0x${'f6'.repeat(20)}`],
    )
    x.saveVerification(challengeId, { shardHash, committed: true })
    await x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual(['drawVerifiers'])
    expect(logs.find((l) => l.msg === 'verifier draw sent')).toMatchObject({ candidates: 5, step: 'fix seed block' })

    c = state({ drawBlock: 42n })
    writes.reverts.set('drawVerifiers', marketRevert('DrawNotReady', [challengeId, 42n]))
    await x.driveChallenge(challengeId, 202n)
    writes.reverts.set('drawVerifiers', marketRevert('VerifiersAlreadyDrawn', [challengeId]))
    await x.driveChallenge(challengeId, 203n)
    expect(writes.calls).toEqual(['drawVerifiers', 'drawVerifiers', 'drawVerifiers'])
    expect(failures(logs)).toEqual([])
    // No reveal before the draw: the seats are not this node's yet.
    expect(writes.calls).not.toContain('revealVerification')

    // Any other revert is a failure, and says so.
    writes.reverts.set('drawVerifiers', marketRevert('RevealClosed', [260n]))
    await x.driveChallenge(challengeId, 204n)
    expect(failures(logs).map((l) => l.msg)).toEqual(['verifier draw sent failed'])
  })

  it('leaves the draw to candidates and parties: a bystander sends nothing, the challenger draws', async () => {
    const bystander = verifier(() => state())
    await bystander.x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual([])
    const party = verifier(() => state({ challenger: me }))
    await party.x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual(['drawVerifiers'])
  })

  it('reveals once seated by the draw, and resolves when every seat revealed', async () => {
    let c = state({ drawn: true, commits: 3, drawBlock: 42n, revealDeadline: 330n })
    const { x, logs, counters } = verifier(
      () => c,
      () => [someoneElse, me, challenger],
    )
    x.saveVerification(challengeId, { shardHash, committed: true })
    await x.driveChallenge(challengeId, 250n)
    expect(writes.calls).toEqual(['revealVerification'])
    expect(x.verification(challengeId)).toMatchObject({ seated: true, revealed: true })
    c = { ...c, reveals: 3 }
    await x.driveChallenge(challengeId, 251n)
    expect(writes.calls).toEqual(['revealVerification', 'resolveChallenge'])
    expect(logs.filter((l) => l.msg === 'seated as verifier')).toHaveLength(1)
    expect(counters.neuro_executor_verifier_seats_total).toBe(1)
  })

  it('stops at a draw that seated others: logged once, no reveal, no resolution', async () => {
    const { x, logs } = verifier(
      () => state({ drawn: true, commits: 3, reveals: 3, drawBlock: 42n, revealDeadline: 330n }),
      () => [someoneElse, challenger, '0x00000000000000000000000000000000000000e5'],
    )
    x.saveVerification(challengeId, { shardHash, committed: true })
    await x.driveChallenge(challengeId, 250n)
    await x.driveChallenge(challengeId, 251n)
    expect(writes.calls).toEqual([])
    expect(x.verification(challengeId)).toMatchObject({ notSeated: 'not drawn' })
    expect(logs.filter((l) => l.msg === 'not seated by the verifier draw: lock released')).toHaveLength(1)
  })

  it('with no more candidates than seats, reveals after the window without a draw', async () => {
    const { x } = verifier(
      () => state({ commits: 2 }),
      () => [me, someoneElse],
    )
    x.saveVerification(challengeId, { shardHash, committed: true })
    await x.driveChallenge(challengeId, 200n) // the list is still open
    expect(writes.calls).toEqual([])
    await x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual(['revealVerification'])
  })

  it('an evicted candidate (off the list when the draw is due) is told once and no longer draws or resolves', async () => {
    const { x, logs } = verifier(
      () => state(),
      () => [someoneElse, challenger],
    )
    x.saveVerification(challengeId, { shardHash, committed: true })
    await x.driveChallenge(challengeId, 201n)
    await x.driveChallenge(challengeId, 202n)
    expect(x.verification(challengeId)).toMatchObject({ committed: true, notSeated: 'evicted' })
    expect(logs.filter((l) => l.msg === 'evicted from the verifier candidates by more stake: lock released')).toHaveLength(1)
    await x.driveChallenge(challengeId, 261n) // never drawn: resolution is due, but not its business
    expect(writes.calls).toEqual([])
  })

  it('takes a commit refused as NotAllowedToVerify as its own when the chain lists it (its record lost), and reveals', async () => {
    const { x, logs } = verifier(
      () => state({ commits: 3 }),
      () => [someoneElse, me, challenger],
    )
    x.saveVerification(challengeId, { shardHash }) // recomputed after the data dir lost the commit
    writes.reverts.set('commitVerification', marketRevert('NotAllowedToVerify', [challengeId, me], 'commitVerification'))
    await x.driveChallenge(challengeId, 150n)
    expect(x.verification(challengeId)).toMatchObject({ committed: true })
    writes.reverts.clear()
    await x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual(['commitVerification', 'revealVerification'])
    expect(failures(logs)).toEqual([])
  })

  it('gives up a challenge it is not allowed to verify and not listed on (a party, or unregistered)', async () => {
    const { x } = verifier(() => state({ commits: 3 }))
    x.saveVerification(challengeId, { shardHash })
    writes.reverts.set('commitVerification', marketRevert('NotAllowedToVerify', [challengeId, me], 'commitVerification'))
    await x.driveChallenge(challengeId, 150n)
    await x.driveChallenge(challengeId, 160n)
    expect(writes.calls).toEqual(['commitVerification'])
    expect(x.verification(challengeId)).toMatchObject({ failed: 'NotAllowedToVerify' })
  })

  it('recomputes before revealing when its seat was found on the chain without the shard hash', async () => {
    const { x } = verifier(
      () => state({ commits: 3 }),
      () => [someoneElse, me, challenger],
    )
    x.saveVerification(challengeId, { committed: true, seated: true })
    await x.driveChallenge(challengeId, 201n)
    expect(writes.calls).toEqual([])
    expect(x.queue).toEqual([{ kind: 'verify', challengeId }])
  })

  it('finds its seat on the chain after the data dir lost its record past the commit deadline, and recomputes to reveal', async () => {
    const { x } = verifier(
      () => state({ commits: 3 }),
      () => [someoneElse, me, challenger],
    )
    await x.driveChallenge(challengeId, 201n)
    expect(x.verification(challengeId)).toMatchObject({ committed: true, seated: true })
    expect(x.queue).toEqual([{ kind: 'verify', challengeId }])
    expect(writes.calls).toEqual([])
  })
})
