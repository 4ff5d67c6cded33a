// `neuro-executor` as an operator meets it: `init`'s flags end up in the config file, a config that
// would leave the node unable to fetch or serve content (an embedded IPFS node with no peers) or
// to show its progress (no metrics port) is called out at once, usage errors read once, and `ask`
// saves its price and capacity so that `start` does not put the old ask back. One daemon per data
// dir; status and unstake say what an operator must know after unstaking (an ask left unbacked,
// when the stake can be withdrawn) and what a result waiting out its window holds.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot, runCommand } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createWalletClient, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StateStore } from '../src/state/StateStore'
import { type Market, marketChainId, startMarket } from './marketHarness'
import { postTestJob } from './postTestJob'

const bin = join(repoRoot, 'executor', 'bin', 'neuro-executor.mjs')
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuro-executor-cli-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** The CLI in a clean environment (no EXECUTOR_* from the test run), config under `dir`. */
const cli = (dir: string, args: string[], env: Record<string, string> = {}) =>
  runCommand(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: dir, EXECUTOR_CONFIG: join(dir, 'config.json'), ...env },
  })

/** cli(), killed after `ms` (code 'timed out'): for a command that must exit by itself. */
const cliWithin = (ms: number, dir: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | 'timed out'; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: dir, EXECUTOR_CONFIG: join(dir, 'config.json'), ...env },
    })
    let output = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, ms)
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: timedOut ? 'timed out' : (code ?? 1), output })
    })
  })

const peer = '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWDLNbqXfRhMwz64gYJPrF11ZK8LaRgyawRc1hhksEzdQK'
const key = anvilAccounts[7].privateKey

describe('neuro-executor init', () => {
  it('warns when the embedded IPFS node has no peers and no metrics port is set', async () => {
    const dir = tempDir()
    const { code, output } = await cli(dir, [
      'init',
      '--rpc-url',
      'http://127.0.0.1:1',
      '--data-dir',
      dir,
      '--key',
      key,
      '--units-per-second',
      '100',
    ])
    expect(code, output).toBe(0)
    expect(output).toContain('Warning: the embedded IPFS node has no peers (EXECUTOR_IPFS_PEERS)')
    expect(output).toContain("platform node's multiaddr (`npm start` prints it)")
    expect(output).toContain('Warning: no EXECUTOR_METRICS_PORT (or init --metrics-port)')
  })

  it('writes --ipfs-peers, --ipfs-gateway and --metrics-port to the config, and then has nothing to warn about but the RPC', async () => {
    const dir = tempDir()
    const args = ['init', '--rpc-url', 'http://127.0.0.1:1', '--data-dir', dir, '--key', key, '--units-per-second', '100']
    const { code, output } = await cli(dir, [
      ...args,
      '--ipfs-peers',
      peer,
      '--ipfs-gateway',
      'http://127.0.0.1:8080',
      '--metrics-port',
      '9470',
    ])
    expect(code, output).toBe(0)
    // Port 1 answers nothing: init writes the config anyway and says the chain is unchecked.
    expect(output.match(/Warning: .*/g)).toEqual([
      'Warning: Cannot reach the RPC at http://127.0.0.1:1; check EXECUTOR_RPC_URL and that the node is up. The config is written anyway, but the chain is not checked until the node connects (`neuro-executor status` does).',
    ])
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({
      EXECUTOR_IPFS_PEERS: peer,
      EXECUTOR_IPFS_GATEWAY: 'http://127.0.0.1:8080',
      EXECUTOR_METRICS_PORT: '9470',
    })
    // A malformed peer is refused before anything is written, naming the variable and the form.
    const bad = await cli(tempDir(), [...args, '--ipfs-peers', '/ip4/127.0.0.1/tcp/4001'])
    expect(bad.code).toBe(2)
    expect(bad.output).toContain('EXECUTOR_IPFS_PEERS')
    expect(bad.output).toContain('not a multiaddr ending in /p2p/<peer id>')
    expect(bad.output).toContain('(EXECUTOR_IPFS_PEERS is set by --ipfs-peers)')
  })

  it('names the flag behind a bad setting', async () => {
    const { code, output } = await cli(tempDir(), ['init', '--rpc-url', 'nope', '--units-per-second', '100'])
    expect(code).toBe(2)
    expect(output).toContain('EXECUTOR_RPC_URL="nope" is not a http or https or ws or wss URL')
    expect(output).toContain('(EXECUTOR_RPC_URL is set by --rpc-url)')
  })

  it('never replaces the key: a failed init leaves the node as it was, a repeated one keeps its key', async () => {
    const dir = tempDir()
    const args = ['init', '--rpc-url', 'http://127.0.0.1:1', '--data-dir', dir, '--units-per-second', '100']
    const first = await cli(dir, args)
    expect(first.code, first.output).toBe(0)
    const keyFile = join(dir, 'key')
    const configFile = join(dir, 'config.json')
    const key = readFileSync(keyFile, 'utf8')
    const config = readFileSync(configFile, 'utf8')
    // The config may hold an RPC URL with an API key: owner-only, like the key.
    expect(statSync(configFile).mode & 0o777).toBe(0o600)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)

    const bad = await cli(dir, [...args, '--force', '--capacity', '0'])
    expect(bad.code).toBe(2)
    expect(bad.output).toContain('EXECUTOR_CAPACITY')
    expect(readFileSync(keyFile, 'utf8')).toBe(key)
    expect(readFileSync(configFile, 'utf8')).toBe(config)

    const again = await cli(dir, [...args, '--force', '--capacity', '3'])
    expect(again.code, again.output).toBe(0)
    expect(again.output).toContain(`kept the existing key ${keyFile}`)
    expect(readFileSync(keyFile, 'utf8')).toBe(key)
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ EXECUTOR_CAPACITY: '3' })
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('init --force sets a corrupt config aside with a warning instead of failing on it', async () => {
    const dir = tempDir()
    const args = ['init', '--rpc-url', 'http://127.0.0.1:1', '--data-dir', dir, '--units-per-second', '100']
    expect((await cli(dir, args)).code).toBe(0)
    const keyFile = join(dir, 'key')
    const configFile = join(dir, 'config.json')
    const key = readFileSync(keyFile, 'utf8')
    writeFileSync(configFile, '{')
    const start = await cli(dir, ['start'])
    expect(start.code).toBe(1)
    expect(start.output).toContain('run `neuro-executor init --force`')

    const fixed = await cli(dir, [...args, '--force'])
    expect(fixed.code, fixed.output).toBe(0)
    expect(fixed.output).toMatch(
      /Warning: the old .*config\.json could not be read, so its settings were not kept; it is saved as /,
    )
    expect(readFileSync(keyFile, 'utf8')).toBe(key)
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ EXECUTOR_KEY_FILE: keyFile })
    const saved = readdirSync(dir).filter((name) => name.startsWith('config.json.unreadable-'))
    expect(saved).toHaveLength(1)
    expect(readFileSync(join(dir, saved[0] as string), 'utf8')).toBe('{')
  })

  it('keeps a key file it finds for a new config, and replaces it only with an explicit --key, keeping the old one', async () => {
    const dir = tempDir()
    const args = ['init', '--rpc-url', 'http://127.0.0.1:1', '--data-dir', dir, '--units-per-second', '100']
    expect((await cli(dir, args)).code).toBe(0)
    const keyFile = join(dir, 'key')
    const old = readFileSync(keyFile, 'utf8')
    // A config at a path that does not exist yet: no --force needed, and the key stays.
    const elsewhere = join(dir, 'other', 'config.json')
    const second = await cli(dir, [...args, '--config', elsewhere])
    expect(second.code, second.output).toBe(0)
    expect(readFileSync(keyFile, 'utf8')).toBe(old)
    expect(existsSync(elsewhere)).toBe(true)

    const replaced = await cli(dir, [...args, '--force', '--key', key])
    expect(replaced.code, replaced.output).toBe(0)
    expect(readFileSync(keyFile, 'utf8')).toBe(`${key}\n`)
    expect(replaced.output).toContain('the previous key file was replaced by --key; it is kept as')
    const aside = readdirSync(dir).filter((name) => name.startsWith('key.replaced-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe(old)
    expect(statSync(join(dir, aside[0] as string)).mode & 0o777).toBe(0o600)
  })

  it('names the command once in a usage error', async () => {
    const { code, output } = await cli(tempDir(), ['init'])
    expect(code).toBe(2)
    expect(output).toContain('neuro-executor init: --rpc-url is required (the JSON-RPC endpoint of the chain)')
    expect(output).not.toContain('init: init:')
  })
})

describe('neuro-executor ask and register refuse bad flags before sending anything', () => {
  const initialized = async () => {
    const dir = tempDir()
    const init = await cli(dir, [
      'init',
      '--rpc-url',
      'http://127.0.0.1:1',
      '--data-dir',
      dir,
      '--key',
      key,
      '--units-per-second',
      '100',
    ])
    expect(init.code, init.output).toBe(0)
    return dir
  }

  it('ask --price outside EXECUTOR_ASK_MIN/MAX says which bound and how to change it, and saves nothing', async () => {
    const dir = await initialized()
    const config = readFileSync(join(dir, 'config.json'), 'utf8')
    // The RPC (port 1) is unreachable: a check after connecting would fail differently.
    const low = await cli(dir, ['ask', '--price', '5'])
    expect(low.code, low.output).toBe(2)
    expect(low.output).toContain('--price 5 is below EXECUTOR_ASK_MIN=10, and the daemon would refuse to start with it')
    expect(low.output).toContain(`Give a price from 10 to 10000, or first lower EXECUTOR_ASK_MIN in ${join(dir, 'config.json')}`)
    const high = await cli(dir, ['ask', '--price', '20000'])
    expect(high.code, high.output).toBe(2)
    expect(high.output).toContain('--price 20000 is above EXECUTOR_ASK_MAX=10000')
    expect(high.output).toContain('or first raise EXECUTOR_ASK_MAX')
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(config)
  })

  it('register --metadata-cid that is no CID is refused with the fix', async () => {
    const dir = await initialized()
    const { code, output } = await cli(dir, ['register', '--metadata-cid', 'not-a-cid'])
    expect(code, output).toBe(2)
    expect(output).toContain('neuro-executor register: --metadata-cid: "not-a-cid" is not a CID.')
    expect(output).toContain('or leave the flag out and register publishes the document itself')
  })
})

describe('neuro-executor ask', () => {
  let market: Market
  beforeAll(async () => {
    market = await startMarket()
  }, 240_000)
  afterAll(async () => {
    await market?.stop()
  })

  it('saves the price and capacity it placed, so the daemon keeps that ask', { timeout: 120_000 }, async () => {
    // Anvil #4: an account the local deployment funds with NTK.
    await market.registerAndStake(4)
    const dir = tempDir()
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    const init = await cli(
      dir,
      ['init', '--rpc-url', market.rpcUrl, '--data-dir', dir, '--key', anvilAccounts[4].privateKey, '--units-per-second', '100'],
      env,
    )
    expect(init.code, init.output).toBe(0)
    const ask = await cli(dir, ['ask', '--price', '77', '--capacity', '2'], env)
    expect(ask.code, ask.output).toBe(0)
    expect(ask.output).toContain(`Ask placed: 77 ticks per unit, capacity 2 tasks. Saved in ${join(dir, 'config.json')}`)
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({
      EXECUTOR_ASK_PRICE: '77',
      EXECUTOR_CAPACITY: '2',
    })
  })

  it('ends a one-shot command over a ws:// RPC when it is done (the open WebSocket held it for ever)', {
    timeout: 120_000,
  }, async () => {
    const dir = tempDir()
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    const wsUrl = market.rpcUrl.replace(/^http/, 'ws')
    const args = [
      'init',
      '--rpc-url',
      wsUrl,
      '--data-dir',
      dir,
      '--key',
      anvilAccounts[6].privateKey,
      '--units-per-second',
      '100',
    ]
    const init = await cliWithin(60_000, dir, args, env)
    expect(init.code, init.output).toBe(0)
    const status = await cliWithin(30_000, dir, ['status', '--json'], env)
    expect(status.code, status.output).toBe(0)
    expect(status.output).toContain('"registered":false')
  })

  /** A node initialized in a fresh dir with `privateKey`, against the market. */
  const node = async (privateKey: string) => {
    const dir = tempDir()
    const args = ['init', '--rpc-url', market.rpcUrl, '--data-dir', dir, '--key', privateKey, '--units-per-second', '100']
    const init = await cli(dir, args, { EXECUTOR_CHAIN_ID: String(marketChainId) })
    expect(init.code, init.output).toBe(0)
    return dir
  }
  const metadataCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

  it('names the account that lacks ETH or NTK for register and stake, and what to send it', { timeout: 120_000 }, async () => {
    const key = generatePrivateKey() // no ETH, no NTK
    const address = privateKeyToAccount(key).address
    const dir = await node(key)
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    const register = await cli(dir, ['register', '--metadata-cid', metadataCid], env)
    expect(register.code).toBe(1)
    expect(register.output).toContain(
      `neuro-executor register: The account ${address} has too little ETH to pay for the gas of this transaction (and any ETH it sends): send ETH to it, then try again.`,
    )
    const stake = await cli(dir, ['stake', '100'], env)
    expect(stake.code).toBe(1)
    expect(stake.output).toContain(
      `neuro-executor stake: ${address} cannot stake 100 NTK: it holds 0 NTK and 0 ETH, and the stake is paid from it in NTK, its gas in ETH. Send it 100 NTK and some ETH for gas, then run this command again.`,
    )
  })

  it('start refuses at once a node the market cannot give work: not registered, or without stake', {
    timeout: 120_000,
  }, async () => {
    const account = anvilAccounts[8] // ETH, no NTK
    const dir = await node(account.privateKey)
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    // It used to log `ask placed failed` every 10 s for ever.
    const unregistered = await cliWithin(60_000, dir, ['start'], env)
    expect(unregistered.code, unregistered.output).toBe(1)
    expect(unregistered.output).toContain(
      `neuro-executor start: ${account.address} is not registered in the NodeRegistry, so the market gives it no tasks. Run \`neuro-executor register\`, then \`neuro-executor stake <NTK>\``,
    )
    expect(unregistered.output).not.toContain('ask placed failed')
    // Given --config (where commands would not look by themselves), the commands it names carry it.
    const config = join(dir, 'config.json')
    const withConfig = await cliWithin(60_000, dir, ['start', '--config', config], { ...env, EXECUTOR_CONFIG: '' })
    expect(withConfig.code, withConfig.output).toBe(1)
    expect(withConfig.output).toContain(
      `Run \`neuro-executor register --config ${config}\`, then \`neuro-executor stake --config ${config} <NTK>\``,
    )
    const register = await cli(dir, ['register', '--metadata-cid', metadataCid], env)
    expect(register.code, register.output).toBe(0)
    const unstaked = await cliWithin(60_000, dir, ['start'], env)
    expect(unstaked.code, unstaked.output).toBe(1)
    expect(unstaked.output).toMatch(
      new RegExp(
        `neuro-executor start: ${account.address} has 0 NTK of free stake, and its ask needs [\\d.]+ NTK .*Run \`neuro-executor stake [\\d.]+\``,
      ),
    )
    // Staking needs NTK it does not hold: said before anything is sent.
    const stake = await cli(dir, ['stake', '5'], env)
    expect(stake.code).toBe(1)
    expect(stake.output).toMatch(
      /cannot stake 5 NTK: it holds 0 NTK and [\d.]+ ETH, .* Send it 5 NTK, then run this command again\./,
    )
  })

  it('start exits 1 after a failed start, naming the metrics port that is taken', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      // Registered and staked: a node the market cannot give work is refused before the port is tried.
      await market.registerAndStake(5)
      const args = ['init', '--rpc-url', market.rpcUrl, '--data-dir', dir, '--key', anvilAccounts[5].privateKey]
      const init = await cli(dir, [...args, '--units-per-second', '100', '--metrics-port', String(port)], env)
      expect(init.code, init.output).toBe(0)
      // It used to print the bare EADDRINUSE and then sit idle (the content store open) until SIGTERM, exiting 0.
      const { code, output } = await cliWithin(60_000, dir, ['start'], env)
      expect(code, output).toBe(1)
      expect(output).toContain(
        `EXECUTOR_METRICS_PORT=${port}: port ${port} on 127.0.0.1 is already in use (another daemon or program listens there); pick another port for EXECUTOR_METRICS_PORT, or 0 for any free one.`,
      )
    } finally {
      taken.close()
    }
  })

  it("a second daemon on the same data dir is refused at once, leaving the first and its ask alone; a killed one's lock is taken over", {
    timeout: 240_000,
  }, async () => {
    const sdk = await import('@neuromation/sdk')
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const askOf = () =>
      market.client.readContract({
        address: jm.address,
        abi: jm.abi,
        functionName: 'getAsk',
        args: [anvilAccounts[3].address, 0],
      })
    await market.registerAndStake(3)
    const first = await market.startExecutor({ account: 3, env: { EXECUTOR_ASK_PRICE: '120' } })
    await first.waitForLog((l) => l.msg === 'ask placed')
    const lockFile = join(first.dataDir, 'daemon.lock')
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.child.pid)

    // Same data dir and key, another metrics port (0: any free one). It used to run beside the
    // first and, on its SIGTERM, cancel the ask the first relies on.
    const second = await market.startExecutor({ account: 3, dataDir: first.dataDir, name: 'second' })
    expect(await second.exited).toBe(1)
    const said = second.logs.map((l) => String(l.msg))
    expect(said).toContain(
      `neuro-executor start: another daemon (pid ${first.child.pid}) is using ${first.dataDir}; stop it first. Two daemons on one data dir share its key, cursor and IPFS repo, and the first stopped cancels the other's ask. To run a second node, give it its own data dir (\`neuro-executor init --data-dir <dir>\`). If pid ${first.child.pid} is no neuro-executor (a pid reused after a crash), delete ${lockFile}.`,
    )
    // Refused before anything else: no chain check, no IPFS node, no ask.
    expect(
      said.filter((msg) => !msg.startsWith('neuro-executor start:') && /content|metrics served|executor starting|ask/.test(msg)),
    ).toEqual([])
    expect((await askOf()).active).toBe(true)
    expect(first.child.exitCode).toBeNull()

    // SIGKILL leaves the lock behind: the next daemon takes it over, with a warning.
    await first.stop('SIGKILL')
    expect(existsSync(lockFile)).toBe(true)
    const third = await market.startExecutor({
      account: 3,
      dataDir: first.dataDir,
      name: 'third',
      env: { EXECUTOR_ASK_PRICE: '120' },
    })
    const warning = await third.waitForLog((l) => String(l.msg).startsWith('data dir lock left by a daemon that is gone'))
    expect(warning.previous).toMatchObject({ pid: first.child.pid })
    // Its ask stands as the killed daemon left it (same price and capacity): nothing to place again.
    await third.waitForLog((l) => l.msg === 'executor starting')
    // Released on exit, once the ask is cancelled.
    expect(await third.stop('SIGTERM')).toBe(0)
    expect(existsSync(lockFile)).toBe(false)
    expect((await askOf()).active).toBe(false)
  })

  it('status shows results waiting for their window and whether the ask can be matched; unstake and status say when unbonded stake is ready; withdraw of nothing exits 0', {
    timeout: 180_000,
  }, async () => {
    const sdk = await import('@neuromation/sdk')
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const account = anvilAccounts[2]
    await market.registerAndStake(2) // 100 NTK; local minimum collateral 1 NTK, unbonding delay 1 day
    const dir = await node(account.privateKey)
    const env = { EXECUTOR_CHAIN_ID: String(marketChainId) }
    const json = (output: string) => JSON.parse(output.split('\n').find((l) => l.startsWith('{')) as string)

    // Nothing to withdraw is an answer, not a failure (it exited 1 with the NothingToWithdraw revert).
    const nothing = await cli(dir, ['withdraw'], env)
    expect(nothing.code, nothing.output).toBe(0)
    expect(nothing.output).toContain('Nothing to withdraw (0 NTK in market credits).')

    // The cheapest ask in this market takes a one-task job; its result is submitted (by hand: no daemon here).
    const ask = await cli(dir, ['ask', '--price', '50', '--capacity', '2'], env)
    expect(ask.code, ask.output).toBe(0)
    const { jobId } = await postTestJob(market, { taskCount: 1, samplesPerTask: 2, challengeWindow: 600 })
    const [assigned] = await market.client.getContractEvents({
      address: jm.address,
      abi: jm.abi,
      eventName: 'TasksAssigned',
      args: { jobId, executor: account.address },
      fromBlock: 0n,
    })
    const assignmentId = (assigned as unknown as { args: { assignmentId: bigint } }).args.assignmentId
    const wallet = createWalletClient({ account: privateKeyToAccount(account.privateKey), transport: http(market.rpcUrl) })
    await market.client.waitForTransactionReceipt({
      hash: await sdk.submitResult(wallet, { assignmentId, root: `0x${'11'.repeat(32)}`, resultCid: 'bafkreitest' }),
    })
    new StateStore(dir).put({ assignmentId: String(assignmentId), jobId: String(jobId), firstTask: 0, taskCount: 1 })
    // Configured capacity 1 (the daemon would have raised the ask's by the task waiting).
    const waiting = await cli(dir, ['status'], { ...env, EXECUTOR_CAPACITY: '1' })
    expect(waiting.code, waiting.output).toBe(0)
    expect(waiting.output).toContain(
      '  ask         50 ticks/unit, 1/2 tasks in flight (capacity 2 on the chain: 1 configured + computed tasks waiting for their challenge window)',
    )
    expect(waiting.output).toMatch(
      new RegExp(
        `  work        daemon not answering .*\\n              assignment ${assignmentId} \\(job ${jobId}\\): submitted, final at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(in (9|10) min\\) unless challenged, 1 task`,
      ),
    )

    // Unstaking all free stake (1 NTK is locked as the task's collateral) leaves the ask unbacked.
    const unstake = await cli(dir, ['unstake', '99'], env)
    expect(unstake.code, unstake.output).toBe(0)
    expect(unstake.output).toMatch(
      /^Unbonding 99 NTK\. The registry's unbonding delay is 1 day: run `neuro-executor unstake --withdraw` from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 1 day\)\.$/m,
    )
    expect(unstake.output).toContain(
      'Warning: the ask (capacity 2, 1 in flight) needs 1 NTK of free stake (1 NTK for each of its 1 open slots) and 0 NTK is left, which backs 0 of them: the market gives it no new task, though it stays in the book. Run `neuro-executor stake 1` to back it, or `neuro-executor ask --capacity 1` for an ask it backs.',
    )
    const status = await cli(dir, ['status'], env)
    expect(status.output).toContain(
      '              not matchable: free stake 0 NTK backs 0 of its 1 open slot (1 NTK each); run `neuro-executor stake 1` to back them all',
    )
    expect(status.output).toMatch(
      / {2}unbonding {3}99 NTK, withdrawable from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (23 h 59 min|1 day)\) with `neuro-executor unstake --withdraw` \(unbonding delay 1 day from the latest `unstake`\)/,
    )
    expect(json((await cli(dir, ['status', '--json'], env)).output)).toMatchObject({
      unbonding: '99000000000000000000',
      unbondingDelay: '86400',
      askBacking: { open: 1, backed: 0, required: '1000000000000000000' },
    })

    // Once withdrawn, no ready time is left in --json (the registry keeps the old one).
    await market.timeTravel(86_401)
    const withdrawn = await cli(dir, ['unstake', '--withdraw'], env)
    expect(withdrawn.code, withdrawn.output).toBe(0)
    expect(json((await cli(dir, ['status', '--json'], env)).output)).toMatchObject({ unbonding: '0', unbondingReadyAt: null })
  })
})
