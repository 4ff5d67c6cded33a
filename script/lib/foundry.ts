// Starts anvil and runs the deploy script through the native Foundry binaries (bin/), for the
// launcher and for integration tests. The npm wrappers are never used: they hide exit codes.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Deployment } from '../../sdk/src/deployment'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const binPath = (tool: 'forge' | 'anvil' | 'cast') => join(repoRoot, 'bin', tool)

/** anvil's default mnemonic accounts (public test keys; never use them on a real network). */
export const anvilAccounts = [
  { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  { address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  { address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
  { address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' },
  { address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' },
  { address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9', privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e' },
  { address: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955', privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' },
  { address: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f', privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97' },
  { address: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720', privateKey: '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6' },
] as const

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
  return JSON.parse(readFileSync(file, 'utf8')) as Deployment
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
