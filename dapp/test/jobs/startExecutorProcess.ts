// A real executor for the Jobs browser test: the `neuro-executor` program (executor/bin), its node
// registered and staked through its own CLI, then `neuro-executor start` on the test's chain and
// IPFS node, as the devkit's executor services run it for `npm start`.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, repoRoot, runCommand, stopProcess } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'

const bin = join(repoRoot, 'executor', 'bin', 'neuro-executor.mjs')

export type ExecutorProcess = {
  child: ChildProcess
  /** Its output so far (JSON log lines). */
  output: () => string
  stop: () => Promise<void>
}

export async function startExecutorProcess(options: {
  account: number
  rpcUrl: string
  chainId: number
  ipfsPeers: string[]
  gatewayUrl: string
  priceTick: number
  capacity: number
}): Promise<ExecutorProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'neuro-jobs-executor-'))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tmpdir(),
    EXECUTOR_RPC_URL: options.rpcUrl,
    EXECUTOR_CHAIN_ID: String(options.chainId),
    EXECUTOR_PRIVATE_KEY: anvilAccounts[options.account].privateKey,
    EXECUTOR_DATA_DIR: dataDir,
    EXECUTOR_IPFS_PEERS: options.ipfsPeers.join(','),
    EXECUTOR_IPFS_GATEWAY: options.gatewayUrl,
    EXECUTOR_CONFIRMATIONS: '0',
    EXECUTOR_POLL_INTERVAL: '500ms',
    EXECUTOR_WORKERS: '1',
    EXECUTOR_CAPACITY: String(options.capacity),
    EXECUTOR_ASK_STRATEGY: 'fixed',
    EXECUTOR_ASK_PRICE: String(options.priceTick),
    EXECUTOR_METRICS_HOST: '127.0.0.1',
    EXECUTOR_METRICS_PORT: String(await freePort()),
    EXECUTOR_LOG_LEVEL: 'info',
  }
  const cli = async (args: string[]) => {
    const { code, output } = await runCommand(process.execPath, [bin, ...args], { cwd: repoRoot, env })
    if (code !== 0) throw new Error(`neuro-executor ${args.join(' ')} failed:\n${output}`)
  }
  await cli(['register', '--units-per-second', '200'])
  await cli(['stake', '100'])
  const child = spawn(process.execPath, [bin, 'start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return {
    child,
    output: () => output,
    stop: async () => {
      await stopProcess(child, 10_000).catch(() => undefined)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
