// A real server of the Kubo RPC API for tests: js-ipfs (the `ipfs` npm package, a devDependency;
// Kubo itself cannot be installed here), started offline on free loopback ports in a fresh repo.
// It speaks the same /api/v0 endpoints kubo-rpc-client uses (add, block/get, block/stat, pin/add).
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export type JsIpfs = { rpcUrl: string; gatewayUrl: string; stop: () => Promise<void> }

const cli = findCli()
const polyfill = fileURLToPath(new URL('./promiseWithResolvers.mjs', import.meta.url))

export async function startJsIpfs(options: { readyTimeoutMs?: number } = {}): Promise<JsIpfs> {
  const repo = mkdtempSync(join(tmpdir(), 'neuro-jsipfs-'))
  const env = { ...process.env, IPFS_PATH: repo, NODE_OPTIONS: `--import ${polyfill}`, IPFS_MONITORING: '' }
  // The test profile: no bootstrap peers, no mDNS, loopback addresses on port 0.
  await promisify(execFile)(process.execPath, [cli, 'init', '--profile', 'test'], { env, timeout: 120_000 })
  const configPath = join(repo, 'config')
  const config = JSON.parse(readFileSync(configPath, 'utf8'))
  // The test profile leaves the gRPC endpoint on fixed 5003: two daemons would collide.
  config.Addresses.RPC = '/ip4/127.0.0.1/tcp/0'
  writeFileSync(configPath, JSON.stringify(config, null, 2))

  const child = spawn(process.execPath, [cli, 'daemon', '--offline'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const stop = async () => {
    await kill(child)
    rmSync(repo, { recursive: true, force: true })
  }
  try {
    const ready = await new Promise<{ rpcUrl: string; gatewayUrl: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`js-ipfs did not start in ${options.readyTimeoutMs ?? 120_000} ms:\n${output}`)),
        options.readyTimeoutMs ?? 120_000,
      )
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const api = /HTTP API listening on \/ip4\/([\d.]+)\/tcp\/(\d+)\/http/.exec(output)
        const gateway = /Gateway \(read only\) listening on \/ip4\/([\d.]+)\/tcp\/(\d+)\/http/.exec(output)
        if (api && gateway && output.includes('Daemon is ready')) {
          clearTimeout(timer)
          resolve({ rpcUrl: `http://${api[1]}:${api[2]}`, gatewayUrl: `http://${gateway[1]}:${gateway[2]}` })
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`js-ipfs exited with ${code} before it was ready:\n${output}`))
      })
    })
    return { ...ready, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** SIGTERM to the daemon's process group, SIGKILL after 5 s; resolves once it exited. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const pid = child.pid
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name)
    } catch {
      // already gone
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** js-ipfs's CLI in the nearest node_modules (its package exports neither package.json nor the CLI). */
function findCli(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (true) {
    const candidate = join(dir, 'node_modules', 'ipfs', 'src', 'cli.js')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error('js-ipfs is not installed: run `npm install` (it is a devDependency of @neuromation/content)')
    dir = parent
  }
}
