// Gas of the compute market, measured as transactions pay it (receipt gasUsed: 21,000 intrinsic,
// calldata, execution, minus refunds) on a throwaway anvil with the platform deployed by
// script/Deploy.s.sol. Run through bench/market-gas.sh (which builds first), or:
//
//   npx tsx bench/market-gas.ts
//
// Figures (goals from issue 7):
// - gas per task from post to payout, r = 1, optimistic, no challenge, with 10 assignments of 1, 10
//   and 100 tasks each (goals: <= 100k per task at 1, <= 20k per task at 100): postJob (matching
//   all 10 assignments), 10 submitResult, one settle batch, then the 10 executors' withdraw;
// - the same for r = 3 replicated: 10 groups of 3 (30 assignments), 30 commitResult, 30
//   revealResult, 10 resolveGroup, one settle batch, 30 withdraw;
// - ask insertion gas at book depth 1, 100 and 1,000 (goal: ratio <= 1.1): a new executor's
//   placeAsk into a book holding that many asks (one per tick, ticks 801 upwards), both as a new
//   price level (tick 800, whose bitmap word is occupied at every depth) and appended to an
//   existing level (tick 801).
// Setup transactions (registering, staking, placing the asks a scenario needs) are not counted.
// Each per-task scenario runs two jobs through the same executors and reports the second (steady
// state: executors that have worked before) with the first in parentheses (one-time slots of a
// new executor: its first lock, credit and reputation writes).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deploy, repoRoot, startAnvil } from '@neuromation/devkit'
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  keccak256,
  numberToHex,
  padHex,
  type TransactionReceipt,
} from 'viem'
import { foundry } from 'viem/chains'

const abiOf = (name: string) =>
  (JSON.parse(readFileSync(join(repoRoot, 'out', `${name}.sol`, `${name}.json`), 'utf8')) as { abi: Abi }).abi
const marketAbi = abiOf('JobMarket')
const registryAbi = abiOf('NodeRegistry')
const tokenAbi = abiOf('NeuroToken')

const NTK = 10n ** 18n
const GENERATE = 0
const SPEC_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const RESULT_CID = 'bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly'
// MARKET_GAS_DEPTHS=1,100 for a quicker run while iterating (the setup registers max depth + 2 executors);
// MARKET_GAS_DETAIL=1 also prints each r = 1 job's postJob, submitResult and settle gas (where it goes).
const DEPTHS = (process.env.MARKET_GAS_DEPTHS ?? '1,100,1000').split(',').map(Number)
const SIZES = [1, 10, 100]
const ASSIGNMENTS = 10
const EXECUTORS = Math.max(...DEPTHS, 30) + 2

const anvil = await startAnvil({ args: ['--auto-impersonate', '--gas-limit', '100000000'] })
try {
  await deploy({ rpcUrl: anvil.rpcUrl, deploymentFile: join(repoRoot, '.data', 'bench', 'market-gas.json') })
  const deployment = JSON.parse(readFileSync(join(repoRoot, '.data', 'bench', 'market-gas.json'), 'utf8')) as {
    contracts: Record<string, { address: Address }>
  }
  const market = deployment.contracts.JobMarket.address
  const registry = deployment.contracts.NodeRegistry.address
  const token = deployment.contracts.NeuroToken.address
  // anvil mines at once: poll receipts every 20 ms, not viem's default 4 s.
  const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl), pollingInterval: 20 })
  const wallet = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl) })
  const rpc = (method: string, params: unknown[]) =>
    publicClient.request({ method: method as 'eth_chainId', params: params as never })

  const deployer: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
  const requester: Address = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc' // anvil #5, funded locally
  const executors: Address[] = Array.from({ length: EXECUTORS }, (_, i) => padHex(numberToHex(0xe0000 + i), { size: 20 }))

  /** Sends a call from `from` (anvil impersonates everyone) and returns its receipt; fails loudly. */
  async function send(from: Address, to: Address, abi: Abi, functionName: string, args: unknown[]) {
    const hash = await wallet.writeContract({ account: from, address: to, abi, functionName, args, chain: foundry })
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} from ${from} reverted (tx ${hash})`)
    return receipt
  }
  /** Many setup calls: sent without waiting (nonces assigned here, per sender), then every receipt checked. */
  async function sendAll(calls: [Address, Address, Abi, string, unknown[]][]) {
    const nonces = new Map<Address, number>()
    for (const [from] of calls) {
      if (!nonces.has(from)) nonces.set(from, await publicClient.getTransactionCount({ address: from, blockTag: 'pending' }))
    }
    for (let i = 0; i < calls.length; i += 200) {
      const hashes = await Promise.all(
        calls.slice(i, i + 200).map(([from, to, abi, fn, args]) => {
          const nonce = nonces.get(from) as number
          nonces.set(from, nonce + 1)
          return wallet.writeContract({
            account: from,
            address: to,
            abi,
            functionName: fn,
            args,
            chain: foundry,
            nonce,
            gas: 3_000_000n,
          })
        }),
      )
      for (const hash of hashes) {
        const receipt = await publicClient.waitForTransactionReceipt({ hash })
        if (receipt.status !== 'success') throw new Error(`setup transaction ${hash} reverted`)
      }
    }
  }
  const gasOf = (receipts: TransactionReceipt[]) => receipts.reduce((sum, r) => sum + r.gasUsed, 0n)
  const warp = async (seconds: number) => {
    await rpc('evm_increaseTime', [seconds])
    await rpc('evm_mine', [])
  }
  const now = async () => (await publicClient.getBlock()).timestamp

  // ---------------------------------------------------------------- setup (not counted)
  process.stderr.write(`setting up ${EXECUTORS} staked executors...\n`)
  for (const e of executors) await rpc('anvil_setBalance', [e, numberToHex(10n ** 20n)])
  const capabilities = {
    computeUnitsPerSecond: 10_000n,
    accelerator: 0,
    backend: 1,
    memoryMiB: 8192,
    bandwidthMbps: 100,
    storageGiB: 50,
  }
  // Sequential per sender (nonces), parallel across senders: one phase at a time.
  await sendAll(executors.map((e) => [deployer, token, tokenAbi, 'transfer', [e, 2_000n * NTK]]))
  await sendAll(executors.map((e) => [e, registry, registryAbi, 'register', [capabilities, 'bafkreiexecutormetadata']]))
  await sendAll(executors.map((e) => [e, token, tokenAbi, 'approve', [registry, 2_000n * NTK]]))
  await sendAll(executors.map((e) => [e, registry, registryAbi, 'stake', [1_000n * NTK]]))
  await send(requester, token, tokenAbi, 'approve', [market, 2n ** 255n])
  // Every scenario starts from this state: evm_revert consumes a snapshot, so reset takes a new one.
  let current = (await rpc('evm_snapshot', [])) as string
  const reset = async () => {
    await rpc('evm_revert', [current])
    current = (await rpc('evm_snapshot', [])) as string
  }

  const jobParams = async (taskCount: number, replication: number) => ({
    kind: GENERATE,
    verification: replication === 1 ? 0 : 1,
    replication,
    taskCount,
    unitsPerTask: 1_000n,
    maxPriceTick: 100,
    // Generous: the bench sends one transaction at a time on a shared machine.
    secondsPerTask: 3_600,
    challengeWindow: replication === 1 ? 120 : 0,
    deadline: (await now()) + 86_400n,
    collateralPerTask: NTK,
    specCid: SPEC_CID,
  })
  const root = (i: number) => keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(i + 1)]))

  const counts = async () =>
    (await publicClient.readContract({ address: market, abi: marketAbi, functionName: 'counts' })) as bigint[]
  type Cost = { credited: number; withWithdraw: number }
  const costOf = (counted: TransactionReceipt[], withdraws: TransactionReceipt[], tasks: number): Cost => ({
    credited: Number(gasOf(counted)) / tasks,
    withWithdraw: (Number(gasOf(counted)) + Number(gasOf(withdraws))) / tasks,
  })

  /** One optimistic job through `team` (one assignment of `size` tasks each): post -> payout. */
  async function cycleR1(team: Address[], size: number): Promise<Cost> {
    const tasks = team.length * size
    const [, before] = await counts()
    const counted: TransactionReceipt[] = []
    counted.push(await send(requester, market, marketAbi, 'postJob', [await jobParams(tasks, 1), 32]))
    const [, after] = await counts()
    if (after - before !== BigInt(team.length)) throw new Error(`expected ${team.length} assignments, got ${after - before}`)
    const ids = team.map((_, i) => before + BigInt(i + 1))
    for (const [i, id] of ids.entries()) {
      counted.push(await send(team[i], market, marketAbi, 'submitResult', [id, root(Number(id)), RESULT_CID]))
    }
    await warp(121)
    counted.push(await send(deployer, market, marketAbi, 'settle', [ids]))
    const withdraws: TransactionReceipt[] = []
    for (const e of team) withdraws.push(await send(e, market, marketAbi, 'withdraw', []))
    if (process.env.MARKET_GAS_DETAIL)
      process.stderr.write(
        `  r = 1, ${team.length} x ${size} tasks: postJob ${counted[0].gasUsed}, submitResult ${counted
          .slice(1, -1)
          .map((r) => r.gasUsed)
          .join(' ')}, settle ${counted[counted.length - 1].gasUsed}\n`,
      )
    return costOf(counted, withdraws, tasks)
  }

  /** One replicated job (r = 3) through `team` (groups of 3 x `size` tasks): post -> payout. */
  async function cycleR3(team: Address[], size: number): Promise<Cost> {
    const groups = team.length / 3
    const tasks = groups * size
    const [, before, groupsBefore] = await counts()
    const counted: TransactionReceipt[] = []
    counted.push(await send(requester, market, marketAbi, 'postJob', [await jobParams(tasks, 3), 30]))
    const [, after, groupsAfter] = await counts()
    if (after - before !== BigInt(team.length) || groupsAfter - groupsBefore !== BigInt(groups))
      throw new Error(`expected ${groups} groups of 3, got ${groupsAfter - groupsBefore} groups`)
    const ids = team.map((_, i) => before + BigInt(i + 1))
    const owners: Address[] = []
    for (const id of ids) {
      const a = (await publicClient.readContract({
        address: market,
        abi: marketAbi,
        functionName: 'getAssignment',
        args: [id],
      })) as {
        executor: Address
        groupId: bigint
      }
      owners.push(a.executor)
    }
    const salt = (id: bigint) => keccak256(encodeAbiParameters([{ type: 'uint256' }], [id * 7n]))
    const groupRoot = (i: number) => root(Number(groupsBefore) + Math.floor(i / 3) + 1)
    for (const [i, id] of ids.entries()) {
      const commitment = keccak256(
        encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }], [groupRoot(i), owners[i], salt(id)]),
      )
      counted.push(await send(owners[i], market, marketAbi, 'commitResult', [id, commitment]))
    }
    for (const [i, id] of ids.entries()) {
      counted.push(await send(owners[i], market, marketAbi, 'revealResult', [id, groupRoot(i), RESULT_CID, salt(id)]))
    }
    for (let g = groupsBefore + 1n; g <= groupsAfter; g++)
      counted.push(await send(deployer, market, marketAbi, 'resolveGroup', [g]))
    counted.push(await send(deployer, market, marketAbi, 'settle', [ids]))
    const withdraws: TransactionReceipt[] = []
    for (const e of team) withdraws.push(await send(e, market, marketAbi, 'withdraw', []))
    return costOf(counted, withdraws, tasks)
  }

  // ---------------------------------------------------------------- per task, r = 1 and r = 3
  // Each scenario runs two jobs through the same executors: the first job pays one-time costs
  // (an executor's first lock, credit and reputation slots); the second is the steady state of a
  // market whose executors have worked before.
  const rows: string[] = []
  const perTask: Record<string, Cost> = {}
  for (const replication of [1, 3]) {
    for (const size of SIZES) {
      await reset()
      const team = executors.slice(0, replication === 1 ? ASSIGNMENTS : ASSIGNMENTS * 3)
      await sendAll(team.map((e, i) => [e, market, marketAbi, 'placeAsk', [GENERATE, 10 + i, size, 1]]))
      const cycle = replication === 1 ? cycleR1 : cycleR3
      const first = await cycle(team, size)
      const steady = await cycle(team, size)
      perTask[`r${replication}-${size}`] = steady
      const shape =
        replication === 1
          ? `r = 1 optimistic, ${ASSIGNMENTS} assignments of ${size}`
          : `r = 3 replicated, ${ASSIGNMENTS} groups of 3 x ${size}`
      const line = `${fmt(steady.credited)} / ${fmt(steady.withWithdraw)} (first job ${fmt(first.credited)} / ${fmt(first.withWithdraw)})`
      process.stderr.write(`${shape}: ${line}\n`)
      rows.push(`| gas per task, ${shape} task${size > 1 ? 's' : ''}: post -> settled / + withdraw | ${line} |`)
    }
  }

  // ---------------------------------------------------------------- ask insertion vs depth
  const insertion: Record<number, { level: bigint; append: bigint }> = {}
  for (const depth of DEPTHS) {
    await reset()
    const book = executors.slice(0, depth)
    await sendAll(book.map((e, i) => [e, market, marketAbi, 'placeAsk', [GENERATE, 801 + i, 1, 1]]))
    const [newLevel, appended] = executors.slice(EXECUTORS - 2)
    const level = (await send(newLevel, market, marketAbi, 'placeAsk', [GENERATE, 800, 1, 1])).gasUsed
    const append = (await send(appended, market, marketAbi, 'placeAsk', [GENERATE, 801, 1, 1])).gasUsed
    insertion[depth] = { level, append }
    process.stderr.write(`depth ${depth}: new level ${level}, append ${append}\n`)
  }
  const first = insertion[DEPTHS[0]]
  const last = insertion[DEPTHS[DEPTHS.length - 1]]
  rows.push(
    `| placeAsk at book depth ${DEPTHS.join(' / ')}, new price level | ${DEPTHS.map((d) => fmt(Number(insertion[d].level))).join(' / ')} (ratio ${(Number(last.level) / Number(first.level)).toFixed(3)}) |`,
  )
  rows.push(
    `| placeAsk at book depth ${DEPTHS.join(' / ')}, appended to a level | ${DEPTHS.map((d) => fmt(Number(insertion[d].append))).join(' / ')} (ratio ${(Number(last.append) / Number(first.append)).toFixed(3)}) |`,
  )

  console.log('| what | figure |\n|---|---:|')
  for (const row of rows) console.log(row)
  const goals = [
    ['r=1, 1-task assignments <= 100k/task (to settled)', perTask['r1-1'].credited <= 100_000],
    ['r=1, 100-task assignments <= 20k/task (to settled)', perTask['r1-100'].credited <= 20_000],
    ['ask insertion ratio depth 1000 / 1 <= 1.1', Number(last.level) / Number(first.level) <= 1.1],
  ] as const
  for (const [goal, met] of goals) console.log(`goal ${met ? 'met' : 'MISSED'}: ${goal}`)
} finally {
  await anvil.stop()
}

function fmt(n: number) {
  return Math.round(n).toLocaleString('en-US')
}
