// A job posted on anvil is executed by a real `neuro-executor` process and settled: the node
// registers and stakes through its CLI, places its ask, fetches the spec and bundle from the
// content network, computes the shards, uploads them, submits the Merkle root and settles after
// the challenge window. The requester then reads the shards back and checks them against the root.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createWalletClient, type Hex, http, parseEther, sha256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'

let market: Market
let sdk: typeof import('@neuromation/sdk')

const requester = privateKeyToAccount(anvilAccounts[5].privateKey)
const executorAccount = privateKeyToAccount(anvilAccounts[2].privateKey)

beforeAll(async () => {
  market = await startMarket({ blockTime: 1 })
  sdk = await import('@neuromation/sdk') // after codegen: the generated contracts include the test chain
})

afterAll(async () => {
  await market?.stop()
})

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${String(value)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

describe('executor (optimistic)', () => {
  it('executes a posted job end to end and is paid', async () => {
    const client = market.client
    const marketContract = sdk.getContract(marketChainId, 'JobMarket')

    // Register and stake through the CLI, as an operator would.
    const registered = await market.cli(2, ['register', '--units-per-second', '500', '--json'], {
      EXECUTOR_METRICS_PORT: '9464',
    })
    expect(registered.output).toContain(executorAccount.address)
    expect(registered.code).toBe(0)
    // The registry records the CID of the node's metadata document, which its bytes hash to; its
    // status URL is the daemon's /status on the metrics port.
    const result = JSON.parse(registered.output.split('\n').find((l) => l.startsWith('{"executor"')) as string) as {
      metadataCid: string
      metadata: Parameters<typeof sdk.encodeExecutorMetadata>[0]
    }
    expect(result.metadata.statusUrl).toBe('http://127.0.0.1:9464/status')
    expect(result.metadataCid).toBe(sdk.rawCid(sdk.encodeExecutorMetadata(result.metadata)))
    const registry = sdk.getContract(marketChainId, 'NodeRegistry')
    const onChain = await market.client.readContract({
      address: registry.address,
      abi: registry.abi,
      functionName: 'getNode',
      args: [executorAccount.address],
    })
    expect(onChain.metadataCid).toBe(result.metadataCid)
    const staked = await market.cli(2, ['stake', '100'])
    expect(staked.output).toContain('Staked 100 NTK')
    expect(staked.code).toBe(0)
    // Without a metrics port there is no status URL to publish: refused with the fix.
    const noStatus = await market.cli(2, ['register'])
    expect(noStatus.code).toBe(2)
    expect(noStatus.output).toMatch(/set EXECUTOR_METRICS_PORT to a fixed port/)
    // A second register updates the node's metadata (a node that moved to another address).
    const again = await market.cli(2, ['register', '--status-url', 'https://node.example/status'])
    expect(again.code).toBe(0)
    expect(again.output).toMatch(
      /^Updated 0x[0-9a-fA-F]{40}; metadata bafkrei[a-z2-7]+ \(status https:\/\/node.example\/status\)/m,
    )

    const node = await market.startExecutor({ account: 2, env: { EXECUTOR_ASK_PRICE: '100', EXECUTOR_CAPACITY: '4' } })
    await node.waitForLog((l) => l.msg === 'ask placed')

    const generator = await market.publishBundle(join(repoRoot, 'generators/digits'))
    const spec = { version: 1, kind: 'GENERATE', generator, params: {}, seed: 11, samplesPerTask: 3 }
    const specCid = await market.publishSpec(spec)
    const wallet = createWalletClient({ account: requester, transport: http(market.rpcUrl) })
    const now = (await client.getBlock()).timestamp
    const { hash, jobId } = await sdk.postJob(wallet, {
      kind: 'GENERATE',
      verification: 'OPTIMISTIC',
      replication: 1,
      taskCount: 3,
      unitsPerTask: sdk.unitsPerTask(spec, 1),
      maxPriceTick: 200,
      secondsPerTask: 120,
      challengeWindow: 60,
      deadline: now + 3600n,
      collateralPerTask: parseEther('1'),
      specCid,
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')

    const computed = await node.waitForLog((l) => l.msg === 'assignment computed')
    const submitted = await node.waitForLog((l) => l.msg === 'result submitted')
    const assignmentId = BigInt(submitted.assignmentId as string)
    const assignment = await client.readContract({
      address: marketContract.address,
      abi: marketContract.abi,
      functionName: 'getAssignment',
      args: [assignmentId],
    })
    expect(assignment.jobId).toBe(jobId)
    expect(assignment.executor).toBe(executorAccount.address)
    expect(assignment.taskCount).toBe(3)
    expect(assignment.priceTick).toBe(100) // the ask's price, not the requester's max
    expect(assignment.root).toBe(computed.root)

    // The requester reads the shards back from the content network and checks them against the root.
    const resultCid = computed.resultCid as string
    const hashes: Hex[] = []
    for (let t = 0; t < 3; t++) {
      const shard = await market.hub.getFile(resultCid, `shard-${String(t).padStart(6, '0')}.tar`, { timeoutMs: 20_000 })
      hashes.push(sha256(shard))
    }
    expect(sdk.merkleRoot(hashes.map((shardHash, t) => ({ taskIndex: t, shardHash })))).toBe(assignment.root)

    // After the challenge window the node settles its own assignment and is credited.
    await market.timeTravel(61)
    await node.waitForLog((l) => l.msg === 'assignments settled')
    const settled = await client.readContract({
      address: marketContract.address,
      abi: marketContract.abi,
      functionName: 'getAssignment',
      args: [assignmentId],
    })
    expect(settled.status).toBe(7) // Settled
    const credits = await waitFor(
      'credits',
      () =>
        client.readContract({
          address: marketContract.address,
          abi: marketContract.abi,
          functionName: 'credits',
          args: [executorAccount.address],
        }),
      (c) => c > 0n,
    )
    // 3 tasks x 3 units x 100 ticks x 1e9 wei.
    expect(credits).toBe(3n * 3n * 100n * 10n ** 9n)

    // `status` reads lifetime earnings from the market's events, so they survive a withdraw,
    // which empties the credits.
    const withdrawn = await market.cli(2, ['withdraw'])
    expect(withdrawn.code, withdrawn.output).toBe(0)
    // The totals up to a confirmed block are cached in the data dir; a later call reads only the
    // blocks after it, and a cache whose block is no longer canonical is read again from scratch.
    const statusEnv = { EXECUTOR_DATA_DIR: mkdtempSync(join(tmpdir(), 'executor-status-')) }
    const lifetime = {
      earned: credits.toString(),
      settledAssignments: 1,
      slashed: '0',
      slashedAssignments: 0,
      withdrawn: credits.toString(),
    }
    const cachePath = join(statusEnv.EXECUTOR_DATA_DIR, 'lifetime.json')
    for (const round of ['fresh', 'cached', 'stale cache']) {
      if (round === 'stale cache') {
        const cache = JSON.parse(readFileSync(cachePath, 'utf8'))
        writeFileSync(
          cachePath,
          JSON.stringify({ ...cache, hash: `0x${'0'.repeat(64)}`, totals: { ...cache.totals, earned: '1' } }),
        )
      }
      const status = await market.cli(2, ['status', '--json'], statusEnv)
      expect(status.code, status.output).toBe(0)
      const shown = JSON.parse(status.output.split('\n').find((l) => l.startsWith('{')) as string)
      expect(shown, round).toMatchObject({ credits: '0', lifetime })
      expect(JSON.parse(readFileSync(cachePath, 'utf8')).totals, round).toEqual(lifetime)
    }
    const human = await market.cli(2, ['status'], statusEnv)
    expect(human.output).toContain('earned      0.0000009 NTK over 1 settled assignment (withdrawn 0.0000009 NTK)')
    expect(human.output).toContain('slashed     0 NTK over 0 assignments')

    // Metrics say the same.
    const metrics = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text()
    expect(metrics).toMatch(/neuro_executor_tasks_run_total 3\n/)
    expect(metrics).toMatch(/neuro_executor_ask_price_tick 100\n/)

    // Graceful shutdown: SIGTERM exits 0.
    expect(await node.stop('SIGTERM')).toBe(0)
  }, 600_000)
})
