// Starts the native anvil binary (never the npm wrapper: killing that leaves anvil running).
import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from '@neuromation/runtime'
import { killOnExit } from './killOnExit'
import { binPath } from './repoRoot'
import { rpcAnswers } from './rpcChainId'
import { sleep } from './sleep'
import { stopProcess } from './stopProcess'

export type Anvil = { rpcUrl: string; port: number; process: ChildProcess; stop: () => Promise<void> }

/** Starts anvil on 127.0.0.1:`port` (a free port when omitted) and resolves once it answers RPC. */
export async function startAnvil(options: {
  port?: number
  chainId?: number
  blockTime?: number
  args?: string[]
  /** Own process group, so a terminal Ctrl-C reaches only the caller, which stops anvil last. */
  detached?: boolean
  readyTimeoutMs?: number
}): Promise<Anvil> {
  const port = options.port ?? (await freePort())
  const args = ['--host', '127.0.0.1', '--port', String(port), '--silent', ...(options.args ?? [])]
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId))
  if (options.blockTime) args.push('--block-time', String(options.blockTime))
  const child = spawn(binPath('anvil'), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.detached ?? false })
  // A detached anvil is its own group; an attached one dies with its parent's group anyway.
  if (options.detached && child.pid !== undefined) {
    const forget = killOnExit(child.pid)
    child.once('exit', forget)
  }
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += chunk))
  let spawnError: Error | undefined
  child.once('error', (error) => (spawnError = error))
  const rpcUrl = `http://127.0.0.1:${port}`
  const stop = () => stopProcess(child)
  const timeoutMs = options.readyTimeoutMs ?? 15_000
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (spawnError)
      throw new Error(`anvil could not be started (${binPath('anvil')}): ${spawnError.message}; run \`npm install\` first.`)
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr.trim()}`)
    if (await rpcAnswers(rpcUrl)) return { rpcUrl, port, process: child, stop }
    await sleep(100)
  }
  await stop()
  throw new Error(`anvil did not answer on ${rpcUrl} within ${timeoutMs / 1000} s (is the port taken?) ${stderr.trim()}`)
}
