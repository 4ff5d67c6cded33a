// Starts the native anvil binary (never the npm wrapper: killing that leaves anvil running).
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@neuromation/runtime'
import { killOnExit } from './killOnExit'
import { binPath } from './repoRoot'
import { rpcAnswers } from './rpcChainId'
import { sleep } from './sleep'
import { stopProcess } from './stopProcess'

export type Anvil = { rpcUrl: string; port: number; process: ChildProcess; stop: () => Promise<void> }

let started = 0

/**
 * Starts anvil on 127.0.0.1:`port` (a free port when omitted) and resolves once it answers RPC.
 *
 * The node that answers must be this anvil, not another process that holds the port: anvil writes
 * its `--config-out` file only once it has bound the port, so readiness waits for that file too. A
 * port taken by someone else is an error, or, when this call chose the port, a reason to choose again.
 */
export async function startAnvil(options: {
  port?: number
  chainId?: number
  blockTime?: number
  args?: string[]
  /** Own process group, so a terminal Ctrl-C reaches only the caller, which stops anvil last. */
  detached?: boolean
  readyTimeoutMs?: number
}): Promise<Anvil> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAnvilOnce(options.port ?? (await freePort()), options)
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt === 3) throw error
    }
  }
}

class PortTakenError extends Error {}

async function startAnvilOnce(port: number, options: Parameters<typeof startAnvil>[0]): Promise<Anvil> {
  const configOut = join(tmpdir(), `anvil-${process.pid}-${++started}.json`)
  const args = ['--host', '127.0.0.1', '--port', String(port), '--silent', '--config-out', configOut, ...(options.args ?? [])]
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
    if (child.exitCode !== null) {
      rmSync(configOut, { force: true })
      if (/address already in use/i.test(stderr))
        throw new PortTakenError(
          `anvil could not listen on ${rpcUrl}: another process holds port ${port}. Stop it or choose another port.`,
        )
      throw new Error(`anvil exited with ${child.exitCode}: ${stderr.trim()}`)
    }
    if (existsSync(configOut) && (await rpcAnswers(rpcUrl))) {
      rmSync(configOut, { force: true })
      return { rpcUrl, port, process: child, stop }
    }
    await sleep(100)
  }
  await stop()
  rmSync(configOut, { force: true })
  throw new Error(`anvil did not answer on ${rpcUrl} within ${timeoutMs / 1000} s (is the port taken?) ${stderr.trim()}`)
}
