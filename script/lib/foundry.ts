// Starts anvil and runs the deploy script through the native Foundry binaries (bin/), for the
// launcher and for integration tests. The npm wrappers are never used: they hide exit codes.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
// Direct file imports, not the sdk entry point: deploy runs before codegen has generated the ABIs.
import type { Deployment, DeploymentFile } from '../../sdk/src/deployment'
import { toDeployment } from '../../sdk/src/toDeployment'
import { anvilAccounts } from '../../sdk/src/localChain'

export { anvilAccounts }

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const binPath = (tool: 'forge' | 'anvil' | 'cast') => join(repoRoot, 'bin', tool)


/** Roles of the anvil accounts in script/config/local.json. */
export const localRoles = {
  deployer: anvilAccounts[0],
  complianceSigner: anvilAccounts[1],
  buyers: anvilAccounts.slice(2, 6),
} as const

export type Anvil = { rpcUrl: string; port: number; process: ChildProcess; stop: () => Promise<void> }

/** Starts the native anvil binary on 127.0.0.1:`port` and resolves once it answers RPC. */
export async function startAnvil(options: {
  port: number
  blockTime?: number
  args?: string[]
  /** Own process group, so a terminal Ctrl-C reaches only the caller, which stops anvil last. */
  detached?: boolean
}): Promise<Anvil> {
  const args = ['--host', '127.0.0.1', '--port', String(options.port), '--silent', ...(options.args ?? [])]
  if (options.blockTime) args.push('--block-time', String(options.blockTime))
  const child = spawn(binPath('anvil'), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.detached ?? false })
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += chunk))
  const rpcUrl = `http://127.0.0.1:${options.port}`
  const stop = () => stopProcess(child)
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr.trim()}`)
    if (await rpcAnswers(rpcUrl)) return { rpcUrl, port: options.port, process: child, stop }
    await sleep(100)
  }
  await stop()
  throw new Error(`anvil did not answer on ${rpcUrl} within 15 s (is the port taken?) ${stderr.trim()}`)
}

/** The chain id served at `rpcUrl` (eth_chainId); throws when nothing answers in `timeoutMs`. */
export async function rpcChainId(rpcUrl: string, timeoutMs = 5_000): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!res.ok) throw new Error(`${rpcUrl} answered HTTP ${res.status} to eth_chainId`)
  return Number(((await res.json()) as { result: string }).result)
}

/** True when a JSON-RPC node answers eth_chainId at `rpcUrl`. */
export async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  return rpcChainId(rpcUrl, 1_000).then(
    () => true,
    () => false,
  )
}

/**
 * Runs script/Deploy.s.sol against `rpcUrl` and returns the deployment it wrote. `deploymentFile`
 * defaults to deployments/<chainId>.json; tests pass a path under .data/ so they never touch it.
 */
export async function deploy(options: {
  rpcUrl: string
  privateKey?: string
  config?: string
  deploymentFile?: string
}): Promise<Deployment> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEPLOY_CONFIG: options.config ?? 'script/config/local.json' }
  if (options.deploymentFile) {
    mkdirSync(dirname(options.deploymentFile), { recursive: true })
    env.DEPLOYMENT_FILE = options.deploymentFile
  }
  const args = [
    'script', 'script/Deploy.s.sol',
    '--rpc-url', options.rpcUrl,
    '--private-key', options.privateKey ?? anvilAccounts[0].privateKey,
    '--broadcast', '--slow',
  ]
  const { code, output } = await run(binPath('forge'), args, { cwd: repoRoot, env })
  if (code !== 0) throw new Error(`deploy failed (forge exited ${code}):\n${output}`)
  const chainId = await rpcChainId(options.rpcUrl)
  const file = options.deploymentFile ?? join(repoRoot, 'deployments', `${chainId}.json`)
  return toDeployment(JSON.parse(readFileSync(file, 'utf8')) as DeploymentFile)
}

/** Runs a command to completion, collecting stdout and stderr together. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. Idempotent. */
export function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
