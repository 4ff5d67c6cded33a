// Faults: a node SIGKILLed mid-task finishes the assignment after a restart and is paid once; a
// reorg removes a job's assignment before it is confirmed, and the node never acts on it; the RPC
// goes away for a while and the node catches up when it returns, losing nothing; a node that never
// comes back has its lapsed assignment reclaimed by another node, which then does the task.
import { connect, createServer, type Server, type Socket } from 'node:net'
import { freePort } from '@neuromation/runtime'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getContractEvents } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'
import { postTestJob } from './postTestJob'

let market: Market
let sdk: typeof import('@neuromation/sdk')

beforeAll(async () => {
  market = await startMarket() // automine: the tests decide when blocks come
  sdk = await import('@neuromation/sdk')
  for (const account of [2, 3, 4]) await market.registerAndStake(account)
})

afterAll(async () => {
  await market?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  return market.client.request({ method: method as never, params: params as never })
}

describe('executor faults', () => {
  it('completes after SIGKILL mid-task and a restart, paid exactly once', async () => {
    const client = market.client
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const first = await market.startExecutor({ account: 2, env: { EXECUTOR_ASK_PRICE: '100', EXECUTOR_AUDIT: 'false' } })
    await first.waitForLog((l) => l.msg === 'ask placed')
    await postTestJob(market, { taskCount: 2, samplesPerTask: 1500, seed: 9 })
    const assigned = await first.waitForLog((l) => l.msg === 'tasks assigned')
    const assignmentId = BigInt(assigned.assignmentId as string)
    await first.waitForLog((l) => l.msg === 'bundle verified')
    await sleep(1_500)
    expect(first.logs.some((l) => l.msg === 'result submitted')).toBe(false) // killed before it finished
    await first.stop('SIGKILL')

    const second = await market.startExecutor({
      account: 2,
      dataDir: first.dataDir,
      env: { EXECUTOR_ASK_PRICE: '100', EXECUTOR_AUDIT: 'false' },
    })
    const submitted = await second.waitForLog((l) => l.msg === 'result submitted', 240_000)
    expect(BigInt(submitted.assignmentId as string)).toBe(assignmentId)
    await market.timeTravel(601)
    await rpc('evm_mine')
    await second.waitForLog((l) => l.msg === 'assignments settled')
    const events = await getContractEvents(client, {
      address: jm.address,
      abi: jm.abi,
      eventName: 'ResultSubmitted',
      fromBlock: 0n,
      args: { assignmentId },
    })
    expect(events).toHaveLength(1)
    const settledEvents = await getContractEvents(client, {
      address: jm.address,
      abi: jm.abi,
      eventName: 'AssignmentSettled',
      fromBlock: 0n,
      args: { assignmentId },
    })
    expect(settledEvents).toHaveLength(1)
    const credits = await client.readContract({
      address: jm.address,
      abi: jm.abi,
      functionName: 'credits',
      args: [anvilAccounts[2].address],
    })
    expect(credits).toBe(2n * 1500n * 100n * 10n ** 9n) // 2 tasks x 1500 units x 100 ticks, once
    // A stopping node takes its ask out of the book (leaving it to the next tests' nodes): the
    // market would otherwise keep assigning tasks that the stopped node would miss.
    await second.stop('SIGTERM')
    const ask = await client.readContract({
      address: jm.address,
      abi: jm.abi,
      functionName: 'getAsk',
      args: [anvilAccounts[2].address, 0],
    })
    expect(ask.active).toBe(false)
  }, 600_000)

  it('never acts on an assignment whose block was orphaned', async () => {
    const node = await market.startExecutor({
      account: 3,
      env: { EXECUTOR_ASK_PRICE: '50', EXECUTOR_CONFIRMATIONS: '3', EXECUTOR_AUDIT: 'false' },
    })
    // Blocks come only from transactions here: mine a few so the node's ask is confirmed and handled.
    await node.waitForLog((l) => l.msg === 'ask placed')
    const snapshot = (await rpc('evm_snapshot')) as Hex
    const { jobId } = await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 21 })
    await rpc('evm_mine') // the assignment is 1 block deep: not confirmed yet
    await sleep(3_000)
    expect(node.logs.some((l) => l.msg === 'tasks assigned')).toBe(false)
    await rpc('evm_revert', [snapshot]) // the job's block is orphaned
    for (let i = 0; i < 5; i++) await rpc('evm_mine')
    await sleep(3_000)
    expect(node.logs.some((l) => l.msg === 'tasks assigned' || l.msg === 'result submitted')).toBe(false)

    // The same job posted on the canonical chain is confirmed after 3 blocks and run.
    const again = await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 21 })
    expect(again.jobId).toBe(jobId) // the orphaned job's id is free again
    for (let i = 0; i < 3; i++) await rpc('evm_mine')
    await node.waitForLog((l) => l.msg === 'tasks assigned')
    // The submit is its own block; mine so the loop sees it.
    await node.waitForLog((l) => l.msg === 'result submitted')
    await node.stop('SIGTERM') // which cancels its ask
  }, 600_000)

  it('resumes when its RPC comes back, and runs the job posted meanwhile', async () => {
    const target = new URL(market.rpcUrl)
    const port = await freePort()
    const proxy = tcpProxy(port, Number(target.port))
    await proxy.open()
    const node = await market.startExecutor({
      account: 4,
      env: { EXECUTOR_RPC_URL: `http://127.0.0.1:${port}`, EXECUTOR_ASK_PRICE: '40', EXECUTOR_AUDIT: 'false' },
    })
    await node.waitForLog((l) => l.msg === 'ask placed')
    await proxy.close()
    await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 33 })
    await node.waitForLog((l) => l.msg === 'poll failed; retrying')
    await sleep(2_000)
    await proxy.open()
    const submitted = await node.waitForLog((l) => l.msg === 'result submitted', 120_000)
    expect(submitted.assignmentId).toBeDefined()
    await node.stop('SIGTERM')
    await proxy.close()
  }, 600_000)

  it('an executor that never comes back: another node reclaims its lapsed assignment and does the task', async () => {
    const client = market.client
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    // Anvil #3 asks the lowest price with no daemon behind it: the job goes to it and nobody computes it.
    const absent = createWalletClient({
      account: privateKeyToAccount(anvilAccounts[3].privateKey),
      transport: http(market.rpcUrl),
    })
    await client.waitForTransactionReceipt({
      // Room beyond the task it took in the orphaned-block test, still unsettled.
      hash: await sdk.placeAsk(absent, { kind: 'GENERATE', priceTick: 10, capacity: 4 }),
    })
    const node = await market.startExecutor({ account: 4, env: { EXECUTOR_ASK_PRICE: '40', EXECUTOR_AUDIT: 'false' } })
    await node.waitForLog((l) => l.msg === 'ask placed')
    const { jobId } = await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 44 })
    const [, count] = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'counts' })
    const lapsed = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAssignment', args: [count] })
    expect(lapsed.executor).toBe(anvilAccounts[3].address)
    expect(lapsed.jobId).toBe(jobId)

    // Past its deadline and the watching node's stagger (at most 60 s): the node reclaims it.
    await market.timeTravel(600 + 61)
    const reclaimed = await node.waitForLog((l) => l.msg === 'lapsed assignment reclaimed', 60_000)
    expect(BigInt(reclaimed.assignmentId as string)).toBe(count)
    const after = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAssignment', args: [count] })
    expect(after.status).toBe(9) // Reclaimed
    // The task went back to the book, where the node took it and did it.
    const redone = await node.waitForLog((l) => l.msg === 'tasks assigned' && l.jobId === String(jobId), 60_000)
    await node.waitForLog((l) => l.msg === 'result submitted' && l.assignmentId === redone.assignmentId, 120_000)
    await node.stop('SIGTERM')
  }, 600_000)
})

/** A TCP proxy to anvil that can be taken down and brought back on the same port. */
function tcpProxy(port: number, targetPort: number) {
  let server: Server | undefined
  const sockets = new Set<Socket>()
  return {
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(targetPort, '127.0.0.1')
          sockets.add(client)
          sockets.add(upstream)
          client.pipe(upstream).pipe(client)
          const drop = () => {
            client.destroy()
            upstream.destroy()
            sockets.delete(client)
            sockets.delete(upstream)
          }
          client.on('error', drop).on('close', drop)
          upstream.on('error', drop).on('close', drop)
        })
        server.listen(port, '127.0.0.1', () => resolve())
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        sockets.clear()
        if (!server) return resolve()
        server.close(() => resolve())
      }),
  }
}
