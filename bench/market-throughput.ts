// How much of a job's wall time is compute? Issue 7's goal: "a 20-task job on 3 executors: summed
// compute time / wall time from post to last payout >= 0.85". Nothing is simulated: the devkit
// starts the local platform's pieces (anvil, deploy, codegen, the embedded IPFS node publishing the
// `digits` generator, and the three local `neuro-executor` daemons of `npm start` as separate
// processes, registered and staked through their CLI), then the demo requester (anvil #5) posts ONE
// optimistic GENERATE job of 20 tasks with the shortest challenge window the market allows, and
// the bench watches the chain until the last assignment is paid.
//
//   npx tsx bench/market-throughput.ts [samplesPerTask=3000] [tasks=20]
//
// The devkit imports the sdk's generated contracts: on a fresh clone run `bin/forge build` and
// `npm run codegen` first (bench/run.sh does).
//
// Figures:
// - wall: from sending postJob until the job's last AssignmentSettled (payout) is seen, on this
//   machine's clock (the chain is watched every 100 ms; anvil mines each transaction at once);
// - compute: the sum over the executors of `neuro_executor_compute_seconds_total` (seconds spent
//   computing own tasks, read from each daemon's /metrics at the end);
// - compute / wall (can exceed 1: three executors work side by side) and utilisation =
//   compute / (executors x wall), the stricter reading of the goal;
// - per assignment: matching latency (post -> TasksAssigned), assigned -> submitted (compute,
//   upload, submit), the challenge window, settlement latency (window end -> AssignmentSettled),
//   and the tail of the wall time spent waiting for the last window.
// The executors share this machine: on a busy one each task computes slower, which raises compute
// and the compute phase but not the fixed challenge window, so the load average is printed too.
// Prints a readable table and one JSON line (last) for scripts.
import { mkdirSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { repoRoot, startPlatform } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const samplesPerTask = Number(process.argv[2] ?? 3000)
const taskCount = Number(process.argv[3] ?? 20)
if (!Number.isInteger(samplesPerTask) || samplesPerTask < 1 || samplesPerTask > 10_000)
  throw new Error(
    `samplesPerTask must be an integer in 1..10000 (got ${process.argv[2]}); usage: market-throughput.ts [samplesPerTask] [tasks]`,
  )
if (!Number.isInteger(taskCount) || taskCount < 1 || taskCount > 1000)
  throw new Error(
    `tasks must be an integer in 1..1000 (got ${process.argv[3]}); usage: market-throughput.ts [samplesPerTask] [tasks]`,
  )

const EXECUTORS = ['executor-1', 'executor-2', 'executor-3']
// The local chain of `npm start`: its generated contracts and demo accounts are the ones used here.
const CHAIN_ID = 31337
const logDir = join(repoRoot, '.data', 'logs', 'bench')
mkdirSync(logDir, { recursive: true })

// Children get a small environment (like the test platform): no stray variables change them.
const baseEnv: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' }
for (const name of ['PATH', 'HOME', 'TMPDIR'] as const) if (process.env[name] !== undefined) baseEnv[name] = process.env[name]

console.log(`Starting anvil, the contracts, IPFS and ${EXECUTORS.length} executors (logs in ${logDir}) ...`)
const platform = await startPlatform({
  chainId: CHAIN_ID,
  services: EXECUTORS,
  ipfs: { env: baseEnv, bundles: ['generators/digits'] },
  baseEnv,
  logDir,
  logPrefix: 'market-throughput-',
})
const stopOnSignal = () => void platform.stop().then(() => process.exit(130))
process.once('SIGINT', stopOnSignal)
process.once('SIGTERM', stopOnSignal)

try {
  const result = await Promise.race([measure(), platform.crashed])
  printReport(result)
} finally {
  await platform.stop()
}

type AssignmentTimes = {
  id: bigint
  executor: string
  tasks: number
  assigned: number
  submitted?: number
  challengeEnd?: number
  settled?: number
}

async function measure() {
  const env = platform.env
  // Imported after codegen: the generated contracts now hold this chain's deployment.
  const sdk = await import('@neuromation/sdk')
  const market = sdk.getContract(CHAIN_ID, 'JobMarket')
  const client = createPublicClient({ transport: http(env.RPC_URL), pollingInterval: 100 })
  const requester = createWalletClient({
    account: privateKeyToAccount(anvilAccounts[5].privateKey),
    transport: http(env.RPC_URL),
  })
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: market.address, abi: market.abi, functionName, args } as never) as Promise<T>

  // Every executor's ask must be in the book before the post, or the job waits for one.
  const executorAddresses = [2, 3, 4].map((i) => anvilAccounts[i].address)
  for (const address of executorAddresses) {
    await waitUntil(
      `${address}'s ask in the book`,
      120_000,
      async () => (await read<{ active: boolean }>('getAsk', [address, 0])).active,
    )
  }

  const generator = env.GENERATOR_DIGITS_CID
  if (!generator) throw new Error('the ipfs service did not publish generators/digits (no GENERATOR_DIGITS_CID)')
  const spec = { version: 1 as const, kind: 'GENERATE' as const, generator, params: {}, seed: 20261129, samplesPerTask }
  const specCid = await uploadSpec(env.IPFS_GATEWAY_URL, sdk.encodeJobSpec(spec))
  const windows = await read<{ minChallengeWindow: bigint | number }>('windows')
  const challengeWindow = Number(windows.minChallengeWindow)
  const asks = await read<{ priceTick: number }[]>('bestAsks', [0, 10n])
  const maxPriceTick = Math.max(...asks.map((a) => a.priceTick))
  const now = (await client.getBlock()).timestamp

  const startBlock = await client.getBlockNumber()
  const posted = performance.now()
  const { hash, jobId } = await sdk.postJob(requester, {
    kind: 'GENERATE',
    verification: 'OPTIMISTIC',
    replication: 1,
    taskCount,
    unitsPerTask: sdk.unitsPerTask(spec, 1),
    // At least every local ask's price, so no task waits for a price change.
    maxPriceTick,
    // Generous: a 2-core machine shared with other work must not make an assignment expire.
    secondsPerTask: 900,
    challengeWindow,
    deadline: now + 7200n,
    collateralPerTask: parseEther('1'),
    specCid,
  })
  const loadAtPost = loadavg()[0]
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`postJob reverted (tx ${hash})`)
  console.log(
    `Posted job ${jobId}: ${taskCount} tasks x ${samplesPerTask} digits samples, optimistic, challenge window ${challengeWindow} s, max price ${maxPriceTick} ticks`,
  )

  // Watch the job's events; each is stamped with the time this process first saw it.
  const assignments = new Map<bigint, AssignmentTimes>()
  const seconds = () => (performance.now() - posted) / 1000
  let from = startBlock + 1n
  let settledTasks = 0
  let lastPrint = 0
  while (settledTasks < taskCount) {
    const head = await client.getBlockNumber({ cacheTime: 0 })
    if (head >= from) {
      const logs = await client.getContractEvents({ address: market.address, abi: market.abi, fromBlock: from, toBlock: head })
      const at = seconds()
      for (const log of logs as unknown as { eventName: string; args: Record<string, unknown> }[]) {
        const a = log.args
        if (log.eventName === 'TasksAssigned' && a.jobId === jobId) {
          assignments.set(a.assignmentId as bigint, {
            id: a.assignmentId as bigint,
            executor: a.executor as string,
            tasks: Number(a.taskCount),
            assigned: at,
          })
        }
        const mine = assignments.get(a.assignmentId as bigint)
        if (!mine) continue
        if (log.eventName === 'ResultSubmitted') {
          mine.submitted = at
          // The window ends at a chain timestamp: convert through the submit's own block time.
          mine.challengeEnd = at + challengeWindow
        } else if (log.eventName === 'AssignmentSettled') {
          mine.settled = at
          settledTasks += mine.tasks
        } else if (log.eventName === 'AssignmentReclaimed' || log.eventName === 'AssignmentSlashed') {
          throw new Error(
            `assignment ${mine.id} was ${log.eventName === 'AssignmentReclaimed' ? 'reclaimed' : 'slashed'}: see ${logDir}`,
          )
        }
      }
      from = head + 1n
    }
    if (seconds() - lastPrint > 15) {
      lastPrint = seconds()
      const list = [...assignments.values()]
      console.log(
        `  ${seconds().toFixed(0)} s: ${list.reduce((n, x) => n + x.tasks, 0)} tasks assigned, ` +
          `${list.filter((x) => x.submitted).length}/${list.length} assignments submitted, ${settledTasks} tasks paid`,
      )
    }
    if (seconds() > 3600) throw new Error(`the job was not paid within an hour; see the executors' logs in ${logDir}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const wall = Math.max(...[...assignments.values()].map((x) => x.settled as number))

  // Compute seconds and tasks from each daemon's own metrics.
  const perExecutor = []
  for (const [index, name] of EXECUTORS.entries()) {
    const url = env[`EXECUTOR_${index + 1}_METRICS_URL`]
    const text = await (await fetch(url)).text()
    const metric = (metricName: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${metricName} `))
      if (!line) throw new Error(`${name}'s /metrics has no ${metricName}`)
      return Number(line.split(' ')[1])
    }
    perExecutor.push({
      name,
      address: executorAddresses[index],
      computeSeconds: metric('neuro_executor_compute_seconds_total'),
      tasksRun: metric('neuro_executor_tasks_run_total'),
      audits: metric('neuro_executor_audits_total'),
      tasksPaid: [...assignments.values()]
        .filter((x) => x.executor.toLowerCase() === executorAddresses[index].toLowerCase())
        .reduce((n, x) => n + x.tasks, 0),
    })
  }
  return { jobId, challengeWindow, wall, assignments: [...assignments.values()], perExecutor, load: [loadAtPost, loadavg()[0]] }
}

function printReport(r: Awaited<ReturnType<typeof measure>>) {
  const compute = r.perExecutor.reduce((s, e) => s + e.computeSeconds, 0)
  const ratio = compute / r.wall
  const utilisation = compute / (r.perExecutor.length * r.wall)
  const list = r.assignments.sort((a, b) => (a.id < b.id ? -1 : 1))
  const lastSubmit = Math.max(...list.map((a) => a.submitted as number))
  const stats = (values: number[]) => ({
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    max: Math.max(...values),
  })
  const matching = stats(list.map((a) => a.assigned))
  const work = stats(list.map((a) => (a.submitted as number) - a.assigned))
  const settlement = stats(list.map((a) => (a.settled as number) - (a.challengeEnd as number)))
  const f = (n: number, digits = 1) => n.toFixed(digits)

  console.log(`\nAssignments of job ${r.jobId} (seconds after postJob was sent):`)
  console.log('| assignment | executor | tasks | assigned | submitted | window ends | paid |')
  console.log('|---:|---|---:|---:|---:|---:|---:|')
  for (const a of list) {
    const name = r.perExecutor.find((e) => e.address.toLowerCase() === a.executor.toLowerCase())?.name ?? a.executor
    console.log(
      `| ${a.id} | ${name} | ${a.tasks} | ${f(a.assigned)} | ${f(a.submitted as number)} | ${f(a.challengeEnd as number)} | ${f(a.settled as number)} |`,
    )
  }
  console.log('\n| executor | tasks paid | tasks computed | compute s | audits |')
  console.log('|---|---:|---:|---:|---:|')
  for (const e of r.perExecutor)
    console.log(`| ${e.name} | ${e.tasksPaid} | ${e.tasksRun} | ${f(e.computeSeconds)} | ${e.audits} |`)
  console.log('\n| figure | value |')
  console.log('|---|---:|')
  console.log(`| wall, postJob -> last payout | ${f(r.wall)} s |`)
  console.log(`| compute, summed over executors | ${f(compute)} s |`)
  console.log(`| compute / wall (goal >= 0.85) | ${f(ratio, 3)} |`)
  console.log(`| utilisation = compute / (${r.perExecutor.length} x wall) | ${f(utilisation, 3)} |`)
  console.log(`| matching latency, post -> assigned: mean / max | ${f(matching.mean)} / ${f(matching.max)} s |`)
  console.log(`| assigned -> submitted (compute, upload, submit): mean / max | ${f(work.mean)} / ${f(work.max)} s |`)
  console.log(`| challenge window per assignment | ${r.challengeWindow} s |`)
  console.log(`| settlement latency, window end -> paid: mean / max | ${f(settlement.mean)} / ${f(settlement.max)} s |`)
  console.log(`| last submit -> last payout (the wall time's tail: window + settlement) | ${f(r.wall - lastSubmit)} s |`)
  // Three executors share this machine's cores (and whatever else runs on it): a task computes
  // slower under load, which lengthens compute and the compute phase but not the challenge window.
  console.log(`| load average (1 min) at post / at the last payout, ${cpus().length} cores | ${f(r.load[0])} / ${f(r.load[1])} |`)
  console.log(
    JSON.stringify({
      bench: 'market-throughput',
      tasks: taskCount,
      samplesPerTask,
      executors: r.perExecutor.length,
      wallSeconds: round(r.wall),
      computeSeconds: round(compute),
      computePerWall: round(ratio, 3),
      utilisation: round(utilisation, 3),
      tasksPerExecutor: Object.fromEntries(r.perExecutor.map((e) => [e.name, e.tasksPaid])),
      assignments: list.length,
      matchingSeconds: { mean: round(matching.mean), max: round(matching.max) },
      assignedToSubmittedSeconds: { mean: round(work.mean), max: round(work.max) },
      challengeWindowSeconds: r.challengeWindow,
      settlementSeconds: { mean: round(settlement.mean), max: round(settlement.max) },
      tailSeconds: round(r.wall - lastSubmit),
      loadAverage: r.load.map((l) => round(l)),
      cores: cpus().length,
    }),
  )
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits))
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Adds the spec through the platform gateway's Kubo-compatible upload (what the dApp does). */
async function uploadSpec(gatewayUrl: string | undefined, bytes: Uint8Array): Promise<string> {
  if (!gatewayUrl) throw new Error('the ipfs service exported no IPFS_GATEWAY_URL')
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), 'spec.json')
  const response = await fetch(`${gatewayUrl}/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true`, {
    method: 'POST',
    body: form,
  })
  if (!response.ok) throw new Error(`uploading the job spec failed: ${response.status} ${await response.text()}`)
  const answer = JSON.parse((await response.text()).trim().split('\n')[0]) as { Hash: string }
  return answer.Hash
}
