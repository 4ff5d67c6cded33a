// A job larger than the book's capacity, on a chain that mines only when a transaction arrives
// (anvil's default, as under `npm start`). The market counts a task against its executor's ask
// until it is paid, so a node whose computed tasks wait out their challenge window would sit idle
// with the rest of the job resting as a bid. The node raises its ask's capacity by the tasks
// waiting for their window, which takes the resting bid at once, and settles each assignment when
// its window has passed on the clock, without waiting for someone else's transaction to mine a block.
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'
import { postTestJob } from './postTestJob'

let market: Market
let sdk: typeof import('@neuromation/sdk')

beforeAll(async () => {
  market = await startMarket() // automine: no block without a transaction
  sdk = await import('@neuromation/sdk')
})

afterAll(async () => {
  await market?.stop()
})

describe('executor (capacity and settlement timing)', () => {
  it('takes a resting bid while its results wait out their window, and settles when the window ends', async () => {
    const client = market.client
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const executor = anvilAccounts[2].address
    await market.registerAndStake(2)
    const node = await market.startExecutor({ account: 2, env: { EXECUTOR_ASK_PRICE: '100', EXECUTOR_CAPACITY: '1' } })
    await node.waitForLog((l) => l.msg === 'ask placed')

    // Capacity 1: the post assigns task 0 and the other two rest as a bid.
    const { jobId } = await postTestJob(market, { taskCount: 3, samplesPerTask: 2, seed: 5, challengeWindow: 60 })
    const job = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getJob', args: [jobId] })
    expect(job.tasksUnassigned).toBe(2)

    // Every task is assigned to the one node before the first result's window has ended.
    const events = async () =>
      (await client.getContractEvents({ address: jm.address, abi: jm.abi, fromBlock: 0n })) as unknown as {
        eventName: string
        blockNumber: bigint
        args: Record<string, unknown>
      }[]
    await node.waitForLog((l) => l.msg === 'tasks assigned' && Number(l.firstTask) === 2, 120_000)
    const assigned = (await events()).filter((e) => e.eventName === 'TasksAssigned' && e.args.jobId === jobId)
    expect(assigned.map((e) => Number(e.args.firstTask))).toEqual([0, 1, 2])
    const first = await client.readContract({
      address: jm.address,
      abi: jm.abi,
      functionName: 'getAssignment',
      args: [assigned[0].args.assignmentId as bigint],
    })
    expect(first.status).toBe(3) // Submitted: still in its challenge window, not yet paid
    // The ask holds the configured capacity plus the tasks waiting for their window.
    const ask = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAsk', args: [executor, 0] })
    expect(ask.inFlight).toBeGreaterThan(1)
    expect(ask.capacity).toBe(ask.inFlight)

    // No time travel and no other sender: the node's own settle is the only way the job is paid.
    await node.waitForLog(
      () =>
        node.logs.filter((l) => l.msg === 'assignments settled').length > 0 &&
        node.logs.filter((l) => l.msg === 'assignment ended' && l.outcome === 'settled').length === 3,
      180_000,
    )
    const settled = (await events()).filter((e) => e.eventName === 'AssignmentSettled')
    expect(settled).toHaveLength(3)
    const credits = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'credits', args: [executor] })
    expect(credits).toBe(3n * 2n * 100n * 10n ** 9n) // 3 tasks x 2 units x 100 ticks x 1e9 wei
    // Paid out, the ask goes back to the configured capacity with nothing in flight.
    const until = Date.now() + 30_000
    let after = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAsk', args: [executor, 0] })
    while (after.capacity !== 1 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500))
      after = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAsk', args: [executor, 0] })
    }
    expect(after.inFlight).toBe(0)
    expect(after.capacity).toBe(1)
    expect(after.active).toBe(true)
    expect(await node.stop('SIGTERM')).toBe(0)
  }, 600_000)
})
