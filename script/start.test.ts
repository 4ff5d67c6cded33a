// `npm start` end to end: the launcher runs as its own process on free ports (chain 31339, so it
// never meets a running `npm start` or another suite), every service it reports must answer, and
// SIGINT must stop all of them (ports free again) with exit code 0.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { freePort, portInUse, processTree, repoRoot, rpcChainId, stopProcessTree } from '@neuromation/devkit'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'

const ports = {
  anvil: await freePort(),
  database: await freePort(),
  ipfs: await freePort(),
  signer: await freePort(),
  indexer: await freePort(),
  dapp: await freePort(),
}
// The three local executors' metrics ports (EXECUTOR_<n>_METRICS_PORT; npm start's are 9464-9466).
const executorPorts = [await freePort(), await freePort(), await freePort()]
const chainId = 31339
const env = {
  ...process.env,
  ANVIL_PORT: String(ports.anvil),
  CHAIN_ID: String(chainId),
  DATABASE_PORT: String(ports.database),
  IPFS_GATEWAY_PORT: String(ports.ipfs),
  SIGNER_PORT: String(ports.signer),
  PONDER_PORT: String(ports.indexer),
  DAPP_PORT: String(ports.dapp),
  ...Object.fromEntries(executorPorts.map((port, i) => [`EXECUTOR_${i + 1}_METRICS_PORT`, String(port)])),
  LAUNCH_LOG_DIR: '.data/test/launcher-logs',
  RPC_URL: '',
  // The launcher's own default: an embedded PostgreSQL server, not the test run's shared one.
  DATABASE_URL: '',
  NO_COLOR: '1',
}

type Launch = { child: ChildProcess; output: () => string; exitCode: Promise<number> }
const launched: Launch[] = []

// Through npm, as users start it: a SIGINT or SIGTERM to npm's own pid (a process manager, CI,
// `docker stop`) must reach the launcher. npm passes it to the script's shell, which `exec` has
// replaced with the launcher (package.json); a shell left in between would swallow it.
function launch(): Launch {
  const child = spawn('npm', ['--silent', 'start'], {
    cwd: repoRoot,
    env,
    detached: true, // its own process group, signalled like a terminal's Ctrl-C
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exitCode = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : 1))))
  const result = { child, output: () => output, exitCode }
  launched.push(result)
  return result
}

async function waitForOutput(l: Launch, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (pattern.test(l.output())) return l.output()
    if (l.child.exitCode !== null) throw new Error(`launcher exited with ${l.child.exitCode} before ${pattern}:\n${l.output()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`launcher printed no ${pattern} within ${timeoutMs} ms:\n${l.output()}`)
}

const hasScript = (dir: string, script: string) => {
  const file = join(repoRoot, dir, 'package.json')
  return existsSync(file) && Boolean(JSON.parse(readFileSync(file, 'utf8')).scripts?.[script])
}

// Whatever happens (a failed assertion, a timeout), nothing a launch started may outlive the run:
// the launcher gets SIGINT and its grace period, then every process of the tree read beforehand
// (the services run in process groups of their own) is SIGKILLed.
const stopAll = () =>
  Promise.all(
    launched
      .filter((l) => l.child.exitCode === null && l.child.signalCode === null)
      .map((l) => stopProcessTree(l.child.pid!, { graceMs: 60_000 })),
  )
afterAll(stopAll, 120_000)
// If the test process itself is ended, there is no time to wait: SIGKILL the trees at once.
process.once('exit', () => {
  for (const l of launched) {
    if (l.child.exitCode !== null || l.child.signalCode !== null) continue
    const tree = processTree(l.child.pid!)
    for (const group of tree.groups) {
      try {
        process.kill(-group, 'SIGKILL')
      } catch {
        // gone
      }
    }
    for (const pid of tree.pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone
      }
    }
  }
})

describe('npm start (script/start.ts)', () => {
  // The launcher bounds each service's start itself (LAUNCH_READY_TIMEOUT_S, 180 s) and exits
  // naming the one that hung; the test's own limit only ends a launcher that hangs as a whole. On a
  // busy 2-core CI machine (three suites at once) the whole start has taken over 4 minutes.
  it('brings up every service, prints where they are, and stops cleanly on SIGINT', { timeout: 660_000 }, async () => {
    for (const port of [...Object.values(ports), ...executorPorts])
      expect(await portInUse(port), `port ${port} must be free before the test`).toBe(false)

    const l = launch()
    // A failure below must not leave this launcher holding the ports the next test blocks.
    onTestFinished(async () => {
      await stopAll()
    }, 120_000)
    const output = await waitForOutput(l, /local platform is ready[\s\S]*Press Ctrl-C/, 540_000)
    const url = (label: string) => output.match(new RegExp(`^\\s+${label}\\s+((?:http|postgresql)\\S+)`, 'm'))?.[1]

    // Chain: the RPC answers with the requested chain id and the contracts are deployed.
    expect(output).toMatch(new RegExp(`RPC\\s+http://127\\.0\\.0\\.1:${ports.anvil}\\s+chain id ${chainId}`))
    expect(await rpcChainId(`http://127.0.0.1:${ports.anvil}`)).toBe(chainId)
    const sale = output.match(/TokenSale\s+(0x[0-9a-fA-F]{40})/)?.[1]
    expect(sale).toBeDefined()
    expect(output).toMatch(/#2 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC {2}executor \(fixed ask 100 ticks\) {2}key 0x5de4/)
    expect(output).toMatch(/#5 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc {2}buyer {2}key 0x8b3a/)
    expect(output).toMatch(/#1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 {2}compliance signer/)
    expect(output).toContain(`evm_increaseTime 86400 --rpc-url http://127.0.0.1:${ports.anvil}`)

    // Database: a real PostgreSQL server started for it, printed with an owner role's URL.
    expect(url('PostgreSQL')).toMatch(new RegExp(`^postgresql://neuro:\\w+@127\\.0\\.0\\.1:${ports.database}/neuro$`))

    // IPFS: the embedded node's gateway serves the example generator bundles published at start.
    const digits = output.match(/digits (bafy\w+)/)?.[1]
    expect(digits, 'npm start prints the CID of the digits bundle').toBeDefined()
    const manifest = await fetch(`http://127.0.0.1:${ports.ipfs}/ipfs/${digits}/generator.json`)
    expect(manifest.headers.get('content-type')).toBe('application/json')
    expect(await manifest.json()).toMatchObject({ name: 'digits', module: 'generator.js' })
    expect(output).toMatch(/shelf bafy\w+/)
    expect(url('IPFS gateway')).toBe(`http://127.0.0.1:${ports.ipfs}`)

    // IPFS peer: what another executor's embedded node dials (printed with the command to run one).
    expect(output).toMatch(/IPFS peer\s+\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\w+/)
    expect(output).toContain(
      `npx neuro-executor init --rpc-url http://127.0.0.1:${ports.anvil} --chain-id ${chainId} --ipfs-peers /ip4/`,
    )

    // Executors: each one's printed /metrics and /status answer, the status for its own address.
    const executorUrls = output.match(/executor-1\s+#2 fixed ask 100 ticks\s+(http\S+\/metrics)\s+(http\S+\/status)/)
    expect(executorUrls, 'npm start prints executor-1 with its metrics and status URLs').not.toBeNull()
    expect(executorUrls![1]).toBe(`http://127.0.0.1:${executorPorts[0]}/metrics`) // EXECUTOR_1_METRICS_PORT
    expect(await (await fetch(executorUrls![1])).text()).toContain('neuro_executor_tasks_run_total')
    expect(await (await fetch(executorUrls![2])).json()).toMatchObject({
      format: 'neuromation-executor-status/1',
      executor: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    })

    // Signer: serves this chain and the deployed sale.
    expect(url('Compliance signer')).toBe(`http://127.0.0.1:${ports.signer}`)
    const health = await fetch(`http://127.0.0.1:${ports.signer}/health`)
    expect(await health.json()).toMatchObject({ status: 'ok', chainId, sale })

    // Indexer and dApp: required whenever their workspaces can be started.
    if (hasScript('indexer', 'start')) {
      expect(url('Indexer GraphQL')).toBe(`http://127.0.0.1:${ports.indexer}/graphql`)
      const ready = await fetch(`http://127.0.0.1:${ports.indexer}/ready`)
      expect(ready.status).toBe(200)
      const graphql = await fetch(`http://127.0.0.1:${ports.indexer}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
      expect(graphql.status).toBe(200)
      expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } })
    }
    if (hasScript('dapp', 'dev')) {
      expect(url('dApp')).toBe(`http://127.0.0.1:${ports.dapp}/`)
      const page = await fetch(`http://127.0.0.1:${ports.dapp}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toMatch(/<html/i)
    }

    l.child.kill('SIGINT')
    expect(await l.exitCode).toBe(0)
    expect(l.output()).toMatch(/Stopped\./)
    for (const [name, port] of [...Object.entries(ports), ...executorPorts.map((p, i) => [`executor-${i + 1}`, p] as const)])
      expect(await portInUse(port), `${name} port ${port} still in use`).toBe(false)
  })

  it('refuses to start when the anvil port is taken, naming the port and the variable', { timeout: 60_000 }, async () => {
    // The other services' ports were picked minutes ago: a suite running beside this one may have
    // bound one since. Only those free now must still be free after the refused start.
    const others = [ports.database, ports.ipfs, ports.signer, ports.indexer, ports.dapp, ...executorPorts]
    const freeBefore: number[] = []
    for (const port of others) if (!(await portInUse(port))) freeBefore.push(port)
    const blocker: Server = createServer()
    await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(ports.anvil, '127.0.0.1', resolve))
    try {
      const l = launch()
      expect(await l.exitCode).toBe(1)
      expect(l.output()).toContain(`port ${ports.anvil} (anvil, ANVIL_PORT) is already in use`)
      expect(l.output()).toContain(`ANVIL_PORT=${ports.anvil + 1} npm start`)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
    // Nothing else was started.
    for (const port of freeBefore) expect(await portInUse(port)).toBe(false)
  })
})
