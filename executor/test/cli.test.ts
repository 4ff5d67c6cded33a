// `neuro-executor` as an operator meets it: `init`'s flags end up in the config file, a config that
// would leave the node unable to fetch or serve content (an embedded IPFS node with no peers) or
// to show its progress (no metrics port) is called out at once, usage errors read once, and `ask`
// saves its price and capacity so that `start` does not put the old ask back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot, runCommand } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'

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

  it('writes --ipfs-peers, --ipfs-gateway and --metrics-port to the config, and then has nothing to warn about', async () => {
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
    expect(output).not.toContain('Warning')
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

  it('names the command once in a usage error', async () => {
    const { code, output } = await cli(tempDir(), ['init'])
    expect(code).toBe(2)
    expect(output).toContain('neuro-executor init: --rpc-url is required (the JSON-RPC endpoint of the chain)')
    expect(output).not.toContain('init: init:')
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
})
