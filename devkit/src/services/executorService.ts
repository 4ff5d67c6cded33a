// The local executors: three `neuro-executor` daemons (anvil #2, #3, #4, funded with NTK at the
// local deploy) with different asks, so a posted job is matched, computed, audited and settled
// on the local platform. Before each daemon starts, its node is registered and staked through the
// executor's own CLI (skipped when the chain already has it: a restarted platform keeps its chain).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { defineProcessService } from '../defineProcessService'
import { repoRoot } from '../repoRoot'
import { runCommand } from '../runCommand'
import type { ServiceContext, ServiceDefinition } from '../ServiceDefinition'

export type ExecutorInstance = {
  /** Index into anvil's default accounts. */
  account: number
  strategy: 'fixed' | 'adaptive'
  priceTick: number
  capacity: number
}

/** The three local executors: a cheap fixed ask, a dearer one, and one that adapts. */
export const localExecutors: readonly ExecutorInstance[] = [
  { account: 2, strategy: 'fixed', priceTick: 100, capacity: 4 },
  { account: 3, strategy: 'fixed', priceTick: 150, capacity: 4 },
  { account: 4, strategy: 'adaptive', priceTick: 120, capacity: 4 },
]

/** The first local executor's metrics port (`npm start`); the others follow it. */
export const EXECUTOR_METRICS_PORT = 9464

/** The variable that sets the metrics port of local executor `index` (0-based). */
export const executorPortVariable = (index: number) => `EXECUTOR_${index + 1}_METRICS_PORT`

// Enough free stake for the capacity at the local minimum collateral (1 NTK per task) many times over.
const LOCAL_STAKE_NTK = '1000'

// The throughput the local nodes declare, which the market's quote turns into a job's "Expected
// finish". `digits` on one sandbox worker runs ~1,400 compute units/s on an idle 2-core machine
// (`measureUnitsPerSecond`, what `neuro-executor init` runs); 1,000 leaves room for a busy one.
// Declared rather than measured at each start, which would add a benchmark per node to `npm start`.
// (It was 200, and the dApp quoted 38 s for a job these nodes finished in 12.)
const LOCAL_UNITS_PER_SECOND = '1000'

const bin = join(repoRoot, 'executor', 'bin', 'neuro-executor.mjs')

/** How many times a local executor that exits on its own is started again before the platform stops. */
export const EXECUTOR_RESTARTS = 5

function executorEnv(context: ServiceContext, instance: ExecutorInstance, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...context.baseEnv,
    EXECUTOR_CONFIG: join(dataDir, 'config.json'),
    EXECUTOR_RPC_URL: context.env.RPC_URL,
    EXECUTOR_CHAIN_ID: context.env.CHAIN_ID,
    EXECUTOR_PRIVATE_KEY: anvilAccounts[instance.account].privateKey,
    EXECUTOR_DATA_DIR: dataDir,
    // The platform's content node, exported by the ipfs service: a Kubo node's RPC API, or the
    // embedded node's multiaddr for the executor's own embedded node to dial.
    ...(context.env.IPFS_RPC_URL
      ? { EXECUTOR_IPFS: context.env.IPFS_RPC_URL }
      : { EXECUTOR_IPFS_PEERS: context.env.IPFS_PEERS ?? '' }),
    ...(context.env.IPFS_GATEWAY_URL ? { EXECUTOR_IPFS_GATEWAY: context.env.IPFS_GATEWAY_URL } : {}),
    EXECUTOR_CONFIRMATIONS: '0', // anvil does not reorganize on its own
    EXECUTOR_POLL_INTERVAL: '1s',
    EXECUTOR_WORKERS: '1',
    EXECUTOR_CAPACITY: String(instance.capacity),
    EXECUTOR_ASK_STRATEGY: instance.strategy,
    EXECUTOR_ASK_PRICE: String(instance.priceTick),
    EXECUTOR_METRICS_HOST: context.host,
    EXECUTOR_METRICS_PORT: String(context.port),
  }
}

/** Registers (or updates) the node with its metadata and stakes unless staked (idempotent across restarts). */
async function prepareNode(context: ServiceContext, env: NodeJS.ProcessEnv, name: string): Promise<void> {
  const run = async (args: string[]) => {
    const { code, output } = await runCommand(process.execPath, [bin, ...args], { cwd: repoRoot, env })
    if (code !== 0) throw new Error(`neuro-executor ${args.join(' ')} failed:\n${output}`)
    return output
  }
  const status = JSON.parse((await run(['status', '--json'])).trim().split('\n').pop() as string) as {
    registered: boolean
    stake: string
  }
  // Always: a registered node (a kept chain) updates its metadata, whose status URL names this
  // start's metrics port (the dApp reads the node's progress there).
  await run(['register', '--units-per-second', LOCAL_UNITS_PER_SECOND, '--name', name])
  if (BigInt(status.stake) === 0n) await run(['stake', LOCAL_STAKE_NTK])
  context.logger.debug({ msg: 'executor node ready', registered: true })
}

export function executorService(instance: ExecutorInstance, index: number): ServiceDefinition {
  const name = `executor-${index + 1}`
  // Like the local chain and the ipfs node, an executor starts fresh with each platform: a data dir
  // kept across runs would hold a cursor and assignments of a chain that no longer exists.
  let dir: string | undefined
  const dataDir = (_context: ServiceContext) => {
    dir ??= mkdtempSync(join(tmpdir(), `neuro-executor-${instance.account}-`))
    return dir
  }
  return defineProcessService({
    name,
    dependsOn: ['anvil', 'deploy', 'codegen', 'ipfs'],
    port: { default: EXECUTOR_METRICS_PORT + index, env: executorPortVariable(index) },
    // A node that dies (a crash, or SIGKILL while testing the market's faults) is started again on
    // its data dir and resumes its work: one executor must not take the whole platform down.
    restartOnExit: EXECUTOR_RESTARTS,
    prepare: async (context) => {
      await prepareNode(context, executorEnv(context, instance, dataDir(context)), `local ${name} (anvil #${instance.account})`)
    },
    command: (context) => ({
      command: process.execPath,
      args: [bin, 'start'],
      cwd: repoRoot,
      env: executorEnv(context, instance, dataDir(context)),
    }),
    ready: (context) => ({ url: `http://${context.host}:${context.port}/health`, hint: `see ${context.logFile}` }),
    exports: (context) => ({ [`EXECUTOR_${index + 1}_METRICS_URL`]: `http://${context.host}:${context.port}/metrics` }),
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true })
      dir = undefined
    },
    detail: (context) =>
      `${anvilAccounts[instance.account].address.slice(0, 10)}… ${instance.strategy} ask ${instance.priceTick} ticks, metrics :${context.port}`,
  })
}
