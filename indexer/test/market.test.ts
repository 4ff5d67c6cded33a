// The market's indexing, end to end: a fresh anvil (chain 31338), the real deployment, the indexer
// started as `npm start` runs it (PGlite), the scripted market (@neuromation/devkit/scenarios), then
// the tables (GraphQL and SQL over HTTP) and the market's JSON routes checked against the chain
// and against exact expectations from the events.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Anvil, deploy, repoRoot, runCommand, startAnvil } from '@neuromation/devkit'
import { type MarketScenario, runMarketScenario, scenarioAsks } from '@neuromation/devkit/scenarios'
import type { Deployment } from '@neuromation/sdk'
import { jobMarketAbi, nodeRegistryAbi } from '@neuromation/sdk/abis'
import type { Abi, Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, graphql, sql } from './support/indexerClient'
import { type Indexer, startIndexer, waitForIndexedBlock } from './support/startIndexer'

const CHAIN_ID = 31338
const PRICE_TICK = 10n ** 9n
const lower = (a: string) => a.toLowerCase() as Address
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON rows under test, read field by field
type Row = Record<string, any>

describe('indexer: the compute market', () => {
  const schema = `market_${Date.now().toString(36)}_${process.pid}`
  const dir = mkdtempSync(join(tmpdir(), 'neuro-market-indexer-'))
  let anvil: Anvil
  let deployment: Deployment
  let indexer: Indexer
  let s: MarketScenario
  const chainRead = <T>(abi: Abi, address: Address, functionName: string, args: unknown[] = []) =>
    s.read<T>(address, abi, functionName, args)

  beforeAll(async () => {
    anvil = await startAnvil({ args: ['--chain-id', String(CHAIN_ID)] })
    deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    const codegen = await runCommand(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    indexer = await startIndexer({ chainId: CHAIN_ID, schema, pgliteDir: join(dir, 'pglite'), rpcUrl: anvil.rpcUrl })
    s = await runMarketScenario(anvil.rpcUrl, deployment)
    await waitForIndexedBlock(indexer, CHAIN_ID, s.lastBlock)
  })

  afterAll(async () => {
    await indexer?.stop()
    await anvil?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('matches job 1 against the two cheapest asks, price-time priority', () => {
    const [first, second] = scenarioAsks
    expect(s.job1.assignments.map((a) => [lower(a.executor), a.firstTask, a.taskCount, a.priceTick])).toEqual([
      [lower(s.executors[0]), 0, first.capacity, first.priceTick],
      [lower(s.executors[1]), first.capacity, 5 - first.capacity, second.priceTick],
    ])
  })

  it('indexes each executor with stake, locked/free collateral, reputation and earnings matching the registry', async () => {
    const { body } = await getJson<{ executors: Row[] }>(indexer.url, '/api/executors?sort=stake')
    // The three market executors and the fifteen identities that only verify.
    expect(body.executors).toHaveLength(3 + s.identities.length)
    // Each executor's active assignments: those whose status on chain is not final yet.
    const [, assignments] = await chainRead<readonly bigint[]>(jobMarketAbi, s.contracts.market, 'counts')
    const active = new Map<string, number>()
    const final = new Set([7, 8, 9, 10]) // Settled, Rejected, Reclaimed, Released
    for (let id = 1n; id <= assignments; id++) {
      const a = await chainRead<{ executor: Address; status: number }>(jobMarketAbi, s.contracts.market, 'getAssignment', [id])
      if (!final.has(a.status)) active.set(lower(a.executor), (active.get(lower(a.executor)) ?? 0) + 1)
    }
    const staked = new Map<string, bigint>([
      ...s.executors.map((e) => [lower(e), s.stake] as const),
      ...s.identities.map((i) => [lower(i.address), i.stake] as const),
    ])
    for (const row of body.executors) {
      const node = await chainRead<Row>(nodeRegistryAbi, s.contracts.registry, 'getNode', [row.address])
      expect(row).toMatchObject({
        registered: true,
        stake: node.stake.toString(),
        locked: node.locked.toString(),
        free: (node.stake - node.locked).toString(),
        unbonding: node.unbonding.toString(),
        tasksCompleted: node.reputation.tasksCompleted.toString(),
        tasksFailed: node.reputation.tasksFailed.toString(),
        timesSlashed: node.reputation.timesSlashed.toString(),
        amountSlashed: node.reputation.amountSlashed.toString(),
        totalStaked: staked.get(row.address)?.toString(),
        metadataCid: node.metadataCid,
        computeUnitsPerSecond: node.capabilities.computeUnitsPerSecond.toString(),
        activeAssignments: active.get(row.address) ?? 0,
      })
      const paid = [...s.job1.settlements, ...s.replicated.settlements]
        .filter((x) => lower(x.executor) === row.address)
        .reduce((a, x) => a + x.payment, 0n)
      expect(row.earnings).toBe(paid.toString())
    }
    // Sorted by stake, best first: the light identities last; of the market executors the
    // unbonding one (#4) has the least.
    const stakes = body.executors.map((e) => BigInt(e.stake))
    expect(stakes).toEqual([...stakes].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)))
    expect(body.executors.at(-1)?.address).toBe(lower(s.identities[0].address))
    const market = body.executors.filter((e) => s.executors.some((x) => lower(x) === e.address))
    expect(market.at(-1)?.address).toBe(lower(s.unbond.account))
    expect(market.at(-1)?.unbonding).toBe(s.unbond.amount.toString())
    expect(body.executors.find((e) => e.address === lower(s.executors[2]))?.accelerator).toBe('GPU')
  })

  it('pays each settled assignment its ask price, commission on top, and records payouts', async () => {
    const { status, body } = await getJson<Row>(indexer.url, '/api/jobs/1')
    expect(status).toBe(200)
    const { job, assignments, progress } = body
    const units = s.job1.params.unitsPerTask
    expect(job).toMatchObject({
      id: '1',
      requester: lower(s.requester),
      kind: 'GENERATE',
      verification: 'OPTIMISTIC',
      replication: 1,
      taskCount: 5,
      status: 'Completed',
      tasksAccepted: 5,
      tasksUnassigned: 0,
      openAssignments: 0,
      tasksSettled: 5,
      escrowPosted: s.job1.escrow.toString(),
      specCid: 'bafkreispec',
    })
    const onChain = await chainRead<Row>(jobMarketAbi, s.contracts.market, 'getJob', [1n])
    expect(job.escrow).toBe(onChain.escrow.toString())
    let paid = 0n
    for (const a of assignments) {
      const expected = BigInt(a.taskCount) * units * BigInt(a.priceTick) * PRICE_TICK
      paid += expected
      expect(a).toMatchObject({
        status: 'Settled',
        payment: expected.toString(),
        fee: ((expected * BigInt(job.commissionBps)) / 10_000n).toString(),
        root: s.job1.roots.get(BigInt(a.id)),
        resultCid: `bafyresult${a.id}`,
      })
      expect(a.challengeEnd).not.toBeNull()
    }
    expect(job.paid).toBe(paid.toString())
    expect(progress).toMatchObject({ tasks: 5, accepted: 5, settled: 5, acceptedBps: 10_000, tasksByStatus: { Settled: 5 } })
    // Escrow = paid + commission + refunds (the job is final, nothing is held).
    expect(BigInt(job.paid) + BigInt(job.fees) + BigInt(job.refunded) + BigInt(job.finalRefund)).toBe(s.job1.escrow)

    const payouts = await sql<{ type: string; account: string; amount: string }>(
      indexer.url,
      "select type, account, amount from payout where (type = 'settlement' and job_id = 1) or type = 'withdrawal' order by block_number, log_index",
    )
    expect(payouts.filter((p) => p.type === 'settlement')).toHaveLength(s.job1.assignments.length)
    expect(payouts.filter((p) => p.type === 'withdrawal')).toEqual([
      { type: 'withdrawal', account: lower(s.withdrawal.account), amount: s.withdrawal.amount.toString() },
    ])
    const { body: mine } = await getJson<Row>(indexer.url, `/api/executors/${s.withdrawal.account}`)
    expect(mine.withdrawable).toBe(
      (await chainRead<bigint>(jobMarketAbi, s.contracts.market, 'credits', [s.withdrawal.account])).toString(),
    )
  })

  it('follows a replicated job through commit, reveal and resolution: the majority paid, the dissenter slashed', async () => {
    const r = s.replicated
    expect(r.assignments).toHaveLength(3)
    expect(r.groupResolved).toMatchObject({ winningRoot: r.agreedRoot, slashed: 1, reopened: false, refunded: false })
    const { body } = await getJson<Row>(indexer.url, '/api/jobs/2')
    expect(body.job).toMatchObject({ verification: 'REPLICATED', replication: 3, taskCount: 2, tasksAccepted: 2 })
    expect(body.groups).toEqual([
      expect.objectContaining({
        id: r.groupResolved.groupId.toString(),
        jobId: '2',
        members: 3,
        resolved: true,
        winningRoot: r.agreedRoot,
        slashedCount: 1,
        reopened: false,
        refunded: false,
      }),
    ])
    const byId = new Map<string, Row>(body.assignments.map((a: Row) => [a.id, a]))
    for (const a of r.assignments) {
      const row = byId.get(a.assignmentId.toString())!
      expect(row.groupId).toBe(r.groupResolved.groupId.toString())
      // The contract forgets a commitment once revealed; the indexer keeps what was committed.
      expect(row.commitment).toBe(r.commitments.get(a.assignmentId))
      expect(row.resultCid).toBe(`bafyreplica${a.assignmentId}`)
      if (a.assignmentId === r.dissenter.assignmentId) {
        expect(row).toMatchObject({ status: 'Rejected', payment: null, slashed: r.slashes[0].amount.toString() })
      } else {
        const paid = r.settlements.find((x) => x.assignmentId === a.assignmentId)!
        expect(row).toMatchObject({ status: 'Settled', root: r.agreedRoot, payment: paid.payment.toString() })
      }
    }
    expect(body.slashes).toHaveLength(1)
    expect(body.progress.tasksByStatus).toEqual({ Settled: 4, Rejected: 2 })
  })

  it('records the reclaimed assignment, its slash and the ask it lost', async () => {
    const { body } = await getJson<Row>(indexer.url, '/api/jobs/3')
    const [a] = body.assignments
    expect(a).toMatchObject({ status: 'Reclaimed', reclaimedBy: lower(s.keeper), slashed: s.job3.slashed.amount.toString() })
    expect(body.slashes).toEqual([
      expect.objectContaining({
        executor: lower(s.job3.assignment.executor),
        assignmentId: a.id,
        amount: s.job3.slashed.amount.toString(),
        beneficiary: lower(s.job3.slashed.beneficiary),
      }),
    ])
    const [ask] = await sql<Row>(indexer.url, 'select active, removal_reason from ask where executor = $1 and kind = $2', [
      lower(s.job3.assignment.executor),
      'GENERATE',
    ])
    expect(ask).toEqual({ active: false, removal_reason: 'MissedDeadline' })
  })

  it('records a declined assignment: released without a slash, its task back in the book, the ask out', async () => {
    const a = s.job7.assignment
    const { body } = await getJson<Row>(indexer.url, `/api/jobs/${a.jobId}`)
    expect(body.assignments).toEqual([expect.objectContaining({ id: a.assignmentId.toString(), status: 'Released' })])
    expect(body.slashes).toEqual([])
    expect(body.job).toMatchObject({ status: 'Open', tasksUnassigned: 1 })
    const [ask] = await sql<Row>(indexer.url, 'select active, removal_reason from ask where executor = $1 and kind = $2', [
      lower(a.executor),
      'GENERATE',
    ])
    expect(ask).toEqual({ active: false, removal_reason: 'Declined' })
    expect(body.exclusions).toEqual([expect.objectContaining({ jobId: a.jobId.toString(), executor: lower(a.executor) })])
    const node = await getJson<Row>(indexer.url, `/api/executors/${a.executor}`)
    const locked = await chainRead<bigint>(jobMarketAbi, s.contracts.market, 'lockedCollateral', [a.executor])
    expect(node.body.executor.locked).toBe(locked.toString())
  })

  it('mirrors every exclusion the market keeps (declined, reclaimed, outvoted, disproved), job by job', async () => {
    const [jobs] = await chainRead<readonly bigint[]>(jobMarketAbi, s.contracts.market, 'counts', [])
    let total = 0
    for (let id = 1n; id <= jobs; id++) {
      const onChain = await chainRead<readonly string[]>(jobMarketAbi, s.contracts.market, 'excludedExecutors', [id])
      const rows = await sql<{ executor: string }>(
        indexer.url,
        'select executor from job_exclusion where job_id = $1 order by excluded_at, executor',
        [id.toString()],
      )
      expect(rows.map((r) => r.executor).sort()).toEqual(onChain.map(lower).sort())
      total += onChain.length
    }
    // The reclaimed executor of job 3, the outvoted replica, and job 7's decliner at least.
    expect(total).toBeGreaterThanOrEqual(3)
    const [excluded] = await sql<{ n: number }>(indexer.url, 'select count(*)::int as n from job_exclusion where job_id = $1', [
      s.job3.assignment.jobId.toString(),
    ])
    expect(excluded.n).toBe(1)
  })

  it('follows a challenge: opened, proven, verified by two executors, resolved for the executor', async () => {
    const c = s.challenge
    expect(c.resolved.status).toBe(3) // ChallengeStatus.ExecutorWon
    const { body } = await getJson<Row>(indexer.url, '/api/jobs/4')
    const onChain = await chainRead<Row>(jobMarketAbi, s.contracts.market, 'getAssignment', [c.assignment.assignmentId])
    const statusNames = ['None', 'Assigned', 'Committed', 'Submitted', 'Revealed', 'Challenged', 'Accepted', 'Settled']
    expect(body.assignments[0]).toMatchObject({ id: c.assignment.assignmentId.toString(), status: statusNames[onChain.status] })
    // The failed challenge gave the result its window back (ChallengeWindowReopened): the row follows the chain.
    expect(String(body.assignments[0].challengeEnd)).toBe(String(onChain.challengeEnd))
    expect(body.challenges).toEqual([
      expect.objectContaining({
        id: c.opened.challengeId.toString(),
        assignmentId: c.assignment.assignmentId.toString(),
        jobId: '4',
        executor: lower(c.assignment.executor),
        challenger: lower(s.requester),
        taskIndex: 0,
        bond: s.collateralPerTask.toString(),
        status: 'ExecutorWon',
        shardHash: c.shardHash,
        verifiersCommitted: 2,
        // Two candidates, three seats: the first reveal seated both, no draw (no seed block).
        verifiersSeated: 2,
        verifiersRevealed: 2,
        drawn: true,
        drawBlock: null,
        slashed: c.resolved.slashed.toString(),
      }),
    ])
    const votes = await sql<Row>(
      indexer.url,
      'select verifier, status, shard_hash from challenge_vote where challenge_id = $1 order by verifier',
      [c.opened.challengeId.toString()],
    )
    expect(votes).toEqual(
      c.verifiers
        .map((v) => ({ verifier: lower(v), status: 'seated', shard_hash: c.shardHash }))
        .sort((a, b) => a.verifier.localeCompare(b.verifier)),
    )
  })

  it('follows a drawn challenge: a full candidate list, an eviction, the seed block, three seats by stake', async () => {
    const d = s.drawn
    expect(d.resolved.status).toBe(3) // ExecutorWon
    expect(d.evicted).toMatchObject({ verifier: s.identities[0].address, by: s.identities[14].address })
    expect(d.seated).toHaveLength(3)
    const { body } = await getJson<Row>(indexer.url, '/api/jobs/5')
    expect(body.challenges).toEqual([
      expect.objectContaining({
        id: d.challengeId.toString(),
        status: 'ExecutorWon',
        // Sixteen candidates stayed on the list (the evicted one is not counted); three were seated.
        verifiersCommitted: 16,
        verifiersSeated: 3,
        verifiersRevealed: 3,
        drawn: true,
        drawBlock: d.scheduled.drawBlock.toString(),
      }),
    ])
    const seated = new Set(d.seated.map(lower))
    const expected = [
      { verifier: lower(s.identities[0].address), status: 'evicted', evictedBy: lower(s.identities[14].address) },
      ...d.candidates.map((v) => ({ verifier: lower(v), status: seated.has(lower(v)) ? 'seated' : 'released', evictedBy: null })),
    ]
    const byVerifier = (a: { verifier: string }, b: { verifier: string }) => a.verifier.localeCompare(b.verifier)
    expect(
      body.verifiers.map((v: Row) => ({ verifier: v.verifier, status: v.status, evictedBy: v.evictedBy })).sort(byVerifier),
    ).toEqual(expected.sort(byVerifier))
    expect(body.verifiers.every((v: Row) => v.challengeId === d.challengeId.toString() && v.jobId === '5')).toBe(true)
    // Only the seated revealed.
    expect(
      body.verifiers
        .filter((v: Row) => v.shardHash !== null)
        .map((v: Row) => v.verifier)
        .sort(),
    ).toEqual([...seated].sort())
    expect(body.truncated.verifiers).toBe(false)
  })

  it('releases every candidate of a challenge never drawn (NoQuorum), and keeps locked collateral in line', async () => {
    const u = s.undrawn
    expect(u.resolved.status).toBe(5) // NoQuorum
    const { body } = await getJson<Row>(indexer.url, '/api/jobs/6')
    expect(body.challenges).toEqual([
      expect.objectContaining({
        id: u.challengeId.toString(),
        status: 'NoQuorum',
        verifiersCommitted: 4,
        verifiersSeated: 0,
        verifiersRevealed: 0,
        drawn: false,
        drawBlock: null,
        slashed: '0',
      }),
    ])
    expect(body.verifiers.map((v: Row) => [v.verifier, v.status]).sort()).toEqual(
      u.candidates.map((v) => [lower(v), 'released']).sort(),
    )
    // Evicted, released and seated candidates alike: the indexed lock is the registry's.
    const everyone = [...new Set([...s.drawn.candidates, s.identities[0].address, ...u.candidates])]
    for (const address of everyone) {
      const node = await chainRead<Row>(nodeRegistryAbi, s.contracts.registry, 'getNode', [address])
      const { body: mine } = await getJson<Row>(indexer.url, `/api/executors/${address}`)
      expect(mine.executor, address).toMatchObject({ locked: node.locked.toString(), stake: node.stake.toString() })
    }
    // The identities hold no assignment: every lock they took as candidates is back.
    for (const identity of s.identities) {
      const { body: mine } = await getJson<Row>(indexer.url, `/api/executors/${identity.address}`)
      expect(mine.executor.locked, identity.address).toBe('0')
    }
  })

  it('answers the book depth by price level with what the chain reports', async () => {
    const { status, body } = await getJson<Row>(indexer.url, '/api/market/book/generate')
    expect(status).toBe(200)
    const best = await chainRead<Row[]>(jobMarketAbi, s.contracts.market, 'bestAsks', [0, 10n])
    const ticks = [...new Set(best.map((a) => Number(a.priceTick)))].sort((x, y) => x - y)
    expect(body.levels.map((l: Row) => l.priceTick)).toEqual(ticks)
    for (const level of body.levels) {
      const atLevel = best.filter((a) => Number(a.priceTick) === level.priceTick)
      expect(level.asks).toBe(atLevel.length)
      expect(level.capacity).toBe(atLevel.reduce((x, a) => x + BigInt(a.capacity), 0n).toString())
      expect(level.pricePerUnit).toBe((BigInt(level.priceTick) * PRICE_TICK).toString())
    }
    const history = await sql<{ n: string }>(indexer.url, "select count(*) as n from ask_event where action = 'placed'")
    expect(Number(history[0].n)).toBe(scenarioAsks.length)
  })

  it('keeps market totals and answers GraphQL with relations', async () => {
    const { body } = await getJson<Row>(indexer.url, '/api/market')
    const settlements = [...s.job1.settlements, ...s.replicated.settlements]
    const slashed = [...s.replicated.slashes, s.job3.slashed].reduce((a, x) => a + x.amount, 0n)
    expect(body.stats).toMatchObject({
      jobCount: 7,
      assignmentCount: s.job1.assignments.length + s.replicated.assignments.length + 5,
      tasksPosted: (5 + 2 * 3 + 1 + 1 + 1 + 1 + 1).toString(),
      tasksSettled: (5 + 2 * 2).toString(),
      totalPaid: settlements.reduce((a, x) => a + x.payment, 0n).toString(),
      totalFees: settlements.reduce((a, x) => a + x.fee, 0n).toString(),
      totalSlashed: slashed.toString(),
    })
    const data = await graphql<Row>(
      indexer.url,
      `{ job(id: "1") { id status assignments { items { id status node { address stake } } } } }`,
    )
    expect(data.job.assignments.items).toHaveLength(s.job1.assignments.length)
    expect(data.job.assignments.items.every((a: Row) => a.status === 'Settled' && a.node.address)).toBe(true)
  })

  it('answers the market routes from the per-block cache', async () => {
    for (const path of ['/api/market/book/GENERATE', '/api/executors', '/api/jobs/1']) {
      const first = await fetch(`${indexer.url}${path}`)
      const again = await fetch(`${indexer.url}${path}`)
      expect(await again.text(), path).toBe(await first.text())
      expect(again.headers.get('x-indexer-cache'), path).toBe('hit')
    }
  })

  it('refuses bad parameters with a message saying what to send', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/market/book/BAKE', 400, /not a job kind: use one of GENERATE/],
      ['/api/market/book/generate?levels=0', 400, /levels must be an integer from 1/],
      ['/api/executors?sort=luck', 400, /sort must be one of stake/],
      ['/api/executors/0x123', 400, /not an address/],
      ['/api/jobs/abc', 400, /not a job id/],
      ['/api/jobs/999', 404, /has not been posted/],
    ]
    for (const [path, status, message] of cases) {
      const res = await getJson<{ error: string }>(indexer.url, path)
      expect(res.status, path).toBe(status)
      expect(res.body.error, path).toMatch(message)
    }
    // An address with no node is not an error: the dApp offers registration.
    const none = await getJson<Row>(indexer.url, '/api/executors/0x0000000000000000000000000000000000000001')
    expect(none).toMatchObject({ status: 200, body: { executor: null, asks: [], withdrawable: '0' } })
  })
})
