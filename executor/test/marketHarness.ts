// Test support for the executor: a real chain (anvil, the platform deployed, the sdk regenerated),
// a real content node (Helia) holding the job's spec and generator bundle, and real executor
// processes (`neuro-executor start`) talking to both. Nothing is simulated.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHeliaStore, type HeliaStore } from '@neuromation/content'
import { type Anvil, deploy, freePort, repoRoot, runCommand, startAnvil } from '@neuromation/devkit'
import { loadBundle } from '@neuromation/engine'
import { createLogger } from '@neuromation/runtime'
import { anvilAccounts, localTestCapabilities } from '@neuromation/sdk/localChain'
import { createPublicClient, createWalletClient, type Hex, http, type PublicClient, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** The executor tests' chain (sequential with the sdk's action tests, in the same vitest project). */
export const marketChainId = 31339

export type ExecutorProcess = {
  name: string
  child: ChildProcess
  dataDir: string
  metricsPort: number
  /** Every log line so far, parsed (non-JSON lines kept as { msg: line }). */
  logs: Record<string, unknown>[]
  /** Resolves with the first log line matching. */
  waitForLog: (match: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>
  exited: Promise<number | null>
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

export type Market = {
  anvil: Anvil
  rpcUrl: string
  /** Reads and receipt waits for the tests: polls every 100 ms (viem's default for an unknown chain is 4 s). */
  client: PublicClient
  hub: HeliaStore
  /** Publishes a generator directory on the hub; returns its CID (the engine's bundle CID). */
  publishBundle: (dir: string) => Promise<string>
  publishSpec: (spec: unknown) => Promise<string>
  startExecutor: (options: {
    account: number
    name?: string
    dataDir?: string
    args?: string[]
    env?: Record<string, string>
  }) => Promise<ExecutorProcess>
  /** Runs `neuro-executor <args>` to completion. */
  cli: (account: number, args: string[], env?: Record<string, string>) => Promise<{ code: number; output: string }>
  /** Registers and stakes anvil account `account` through the sdk (100 NTK). */
  registerAndStake: (account: number) => Promise<void>
  /**
   * Sends `ntk` NTK to anvil account `account` from the demo requester (#5): the local deployment
   * funds only #2..#5.
   */
  fund: (account: number, ntk: string) => Promise<void>
  timeTravel: (seconds: number) => Promise<void>
  stop: () => Promise<void>
}

const bin = join(repoRoot, 'executor', 'bin', 'neuro-executor.mjs')

/**
 * `blockTime`: a block every that many seconds once the platform is deployed (anvil's interval
 * mining); without it a block per transaction. The deployment itself always runs on automine, so
 * its two dozen transactions take a second rather than one block time each.
 */
export async function startMarket(options: { blockTime?: number } = {}): Promise<Market> {
  const anvil = await startAnvil({ port: await freePort(), chainId: marketChainId })
  const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 100 })
  const executors: ExecutorProcess[] = []
  const dirs: string[] = []
  const tmp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
  let hub: HeliaStore | undefined
  try {
    await deploy({ rpcUrl: anvil.rpcUrl })
    const codegen = await runCommand(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    if (options.blockTime)
      await client.request({ method: 'evm_setIntervalMining' as never, params: [options.blockTime] as never })
    hub = await createHeliaStore({ dir: tmp('hub-'), gatewayPort: 0, logger: createLogger({ level: 'warn' }) })
  } catch (error) {
    await anvil.stop()
    throw error
  }
  const content = hub
  const hubAddress = content.multiaddrs()[0]

  const baseEnv = (account: number, dataDir: string): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    EXECUTOR_RPC_URL: anvil.rpcUrl,
    EXECUTOR_CHAIN_ID: String(marketChainId),
    EXECUTOR_PRIVATE_KEY: anvilAccounts[account].privateKey,
    EXECUTOR_DATA_DIR: dataDir,
    EXECUTOR_IPFS_PEERS: hubAddress,
    EXECUTOR_IPFS_GATEWAY: content.gatewayBaseUrl ?? '',
    EXECUTOR_WORKERS: '1',
    EXECUTOR_POLL_INTERVAL: '500ms',
    EXECUTOR_CONFIRMATIONS: '0',
    EXECUTOR_FETCH_TIMEOUT: '20s',
    EXECUTOR_LOG_LEVEL: 'info',
  })

  return {
    anvil,
    rpcUrl: anvil.rpcUrl,
    client,
    hub: content,
    async publishBundle(dir) {
      const bundle = await loadBundle(dir)
      const cid = await content.addDirectory(Object.entries(bundle.files).map(([path, bytes]) => ({ path, bytes })))
      if (cid !== bundle.cid) throw new Error(`the content store's CID ${cid} differs from the engine's bundle CID ${bundle.cid}`)
      return cid
    },
    publishSpec: (spec) => content.addBytes(new TextEncoder().encode(JSON.stringify(spec))),
    async startExecutor(o) {
      const dataDir = o.dataDir ?? tmp('executor-')
      // Port 0: the daemon binds a free port itself and logs it ('metrics served'). A port picked
      // here first could be taken by a suite running beside this one before the daemon binds it.
      const child = spawn(process.execPath, [bin, 'start', ...(o.args ?? [])], {
        cwd: repoRoot,
        env: { ...baseEnv(o.account, dataDir), EXECUTOR_METRICS_PORT: '0', ...o.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const logs: Record<string, unknown>[] = []
      const waiters: {
        match: (l: Record<string, unknown>) => boolean
        resolve: (l: Record<string, unknown>) => void
        reject: (e: Error) => void
      }[] = []
      let partial = ''
      const onData = (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n')
        partial = parts.pop() ?? ''
        for (const text of parts) {
          if (!text.trim()) continue
          let line: Record<string, unknown>
          try {
            line = JSON.parse(text) as Record<string, unknown>
          } catch {
            line = { msg: text }
          }
          logs.push(line)
          for (const w of [...waiters]) {
            if (w.match(line)) {
              waiters.splice(waiters.indexOf(w), 1)
              w.resolve(line)
            }
          }
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      // A process that dies fails every wait at once, with its last words.
      void exited.then((code) => {
        for (const w of waiters.splice(0))
          w.reject(
            new Error(
              `${name} exited (${code}); last lines:\n${logs
                .slice(-15)
                .map((l) => JSON.stringify(l))
                .join('\n')}`,
            ),
          )
      })
      const name = o.name ?? `executor-${o.account}`
      const proc: ExecutorProcess = {
        name,
        child,
        dataDir,
        get metricsPort() {
          const served = logs.find((l) => l.msg === 'metrics served')
          if (!served) throw new Error(`${name} has not served its metrics yet (no 'metrics served' log line)`)
          return Number(new URL(String(served.url)).port)
        },
        logs,
        waitForLog: (match, timeoutMs = 240_000) => {
          const found = logs.find(match)
          if (found) return Promise.resolve(found)
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              reject(
                new Error(
                  `${name}: no matching log line within ${timeoutMs} ms; last lines:\n${logs
                    .slice(-15)
                    .map((l) => JSON.stringify(l))
                    .join('\n')}`,
                ),
              )
            }, timeoutMs)
            waiters.push({
              match,
              resolve: (l) => {
                clearTimeout(timer)
                resolve(l)
              },
              reject: (e) => {
                clearTimeout(timer)
                reject(e)
              },
            })
          })
        },
        exited,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
      }
      executors.push(proc)
      return proc
    },
    async cli(account, args, env = {}) {
      const dataDir = tmp('executor-cli-')
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...baseEnv(account, dataDir), ...env } })
        let output = ''
        child.stdout.on('data', (c: Buffer) => {
          output += c.toString()
        })
        child.stderr.on('data', (c: Buffer) => {
          output += c.toString()
        })
        child.once('exit', (code) => resolve({ code: code ?? 1, output }))
      })
    },
    async registerAndStake(account) {
      const sdk = await import('@neuromation/sdk')
      const wallet = createWalletClient({
        account: privateKeyToAccount(anvilAccounts[account].privateKey),
        transport: http(anvil.rpcUrl),
      })
      await client.waitForTransactionReceipt({
        hash: await sdk.register(wallet, { capabilities: localTestCapabilities, metadataCid: `test:${account}` }),
      })
      await client.waitForTransactionReceipt({ hash: await sdk.stake(wallet, { amount: parseEther('100') }) })
    },
    async fund(account, ntk) {
      const sdk = await import('@neuromation/sdk')
      const requester = createWalletClient({
        account: privateKeyToAccount(anvilAccounts[5].privateKey),
        transport: http(anvil.rpcUrl),
      })
      const token = sdk.getContract(marketChainId, 'NeuroToken')
      const hash = await requester.writeContract({
        ...token,
        functionName: 'transfer',
        args: [anvilAccounts[account].address, parseEther(ntk)],
        chain: null,
      })
      await client.waitForTransactionReceipt({ hash })
    },
    async timeTravel(seconds) {
      await client.request({ method: 'evm_increaseTime' as never, params: [`0x${seconds.toString(16)}` as Hex] as never })
      await client.request({ method: 'evm_mine' as never, params: [] as never })
    },
    async stop() {
      await Promise.all(executors.map((e) => e.stop('SIGKILL')))
      await content.close()
      await anvil.stop()
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    },
  }
}
