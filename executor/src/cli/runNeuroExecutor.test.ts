// `neuro-executor` in this process: what each command says about its flags and arguments, and
// what `init` checks before it writes. Nothing here reaches a chain but a fake RPC that only
// answers eth_chainId; executor/test/cli.test.ts runs the real binary against anvil.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCaptured } from '@neuromation/devkit/runCaptured'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveChainId } from '../chain/serveChainId'
import { runNeuroExecutor } from './runNeuroExecutor'

const key = anvilAccounts[7].privateKey
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuro-executor-cli-unit-'))
  dirs.push(dir)
  return dir
}

/** Runs the CLI with a clean environment whose config file is `<dir>/config.json`. */
const cli = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCaptured((argv) => runNeuroExecutor(argv, { HOME: dir, EXECUTOR_CONFIG: join(dir, 'config.json'), ...env }), args)

/** A JSON-RPC endpoint that serves chain 31337 (it answers eth_chainId only). */
let rpc: Awaited<ReturnType<typeof serveChainId>>
let rpcUrl = ''
beforeAll(async () => {
  rpc = await serveChainId('0x7a69')
  rpcUrl = rpc.url
})
afterAll(() => {
  rpc.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const usageError = (command: string, message: string) =>
  `neuro-executor ${command}: ${message}\nRun \`neuro-executor ${command} --help\` for its usage.\n`

describe('neuro-executor flags and arguments', () => {
  it('an unknown option close to a flag of the command suggests it', async () => {
    const { code, stderr } = await cli(tempDir(), ['ask', '--prise', '90'])
    expect(code).toBe(2)
    expect(stderr).toBe(usageError('ask', 'unknown option --prise; did you mean --price?'))
  })

  it('every command refuses an unknown option the same way, in one line and a pointer to its --help', async () => {
    for (const command of ['init', 'register', 'stake', 'ask', 'start', 'status', 'withdraw', 'unstake']) {
      const { code, stdout, stderr } = await cli(tempDir(), [command, '--bogus'])
      expect({ command, code, stdout, stderr }).toEqual({
        command,
        code: 2,
        stdout: '',
        stderr: usageError(command, 'unknown option --bogus'),
      })
    }
  })

  it('a negative amount must be a positive number of NTK', async () => {
    for (const command of ['stake', 'unstake']) {
      const { code, stderr } = await cli(tempDir(), [command, '-5'])
      expect(code).toBe(2)
      expect(stderr).toBe(usageError(command, 'the amount must be a positive number of NTK, like 1000 or 0.5; got "-5"'))
    }
  })

  it('refuses flags that contradict each other', async () => {
    const ask = await cli(tempDir(), ['ask', '--cancel', '--price', '5'])
    expect(ask.code).toBe(2)
    expect(ask.stderr).toBe(
      usageError(
        'ask',
        '--cancel and --price contradict each other: --cancel takes the ask out of the book, while --price and --capacity place one; give one or the other',
      ),
    )
    const unstake = await cli(tempDir(), ['unstake', '--withdraw', '5'])
    expect(unstake.stderr).toContain('unstake: --withdraw and <amount> contradict each other')
    const register = await cli(tempDir(), ['register', '--metadata-cid', 'bafy', '--name', 'x'])
    expect(register.stderr).toContain('register: --metadata-cid and --name contradict each other')
    const init = await cli(tempDir(), ['init', '--rpc-url', rpcUrl, '--units-per-second', '1', '--benchmark-samples', '50'])
    expect(init.stderr).toContain('init: --units-per-second and --benchmark-samples contradict each other')
  })

  it('keeps the full usage for --help and an unknown command', async () => {
    const help = await cli(tempDir(), ['ask', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: neuro-executor ask [--price <ticks>] [--capacity <tasks>] | --cancel')
    expect(help.stdout).toContain('--config <file>')
    const unknown = await cli(tempDir(), ['stak'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "stak"')
    expect(unknown.stderr).toContain('Usage: neuro-executor <command> [flags]')
  })

  it('--config names the config file; one that does not exist is an error naming it', async () => {
    const dir = tempDir()
    const missing = join(dir, 'nope.json')
    const { code, stderr } = await cli(dir, ['status', '--config', missing])
    expect(code).toBe(2)
    expect(stderr).toContain(`--config ${missing}: the config file ${missing} does not exist; run \`neuro-executor init --config`)
    // init writes it there.
    const elsewhere = join(dir, 'node', 'config.json')
    const init = await cli(dir, [
      'init',
      '--config',
      elsewhere,
      '--rpc-url',
      rpcUrl,
      '--data-dir',
      dir,
      '--key',
      key,
      '--units-per-second',
      '1',
    ])
    expect(init.code, init.stderr).toBe(0)
    expect(JSON.parse(readFileSync(elsewhere, 'utf8'))).toMatchObject({ EXECUTOR_RPC_URL: rpcUrl })
  })
})

describe('neuro-executor init', () => {
  const initArgs = (dir: string, rpc = rpcUrl) => [
    'init',
    '--rpc-url',
    rpc,
    '--data-dir',
    dir,
    '--key',
    key,
    '--units-per-second',
    '100',
  ]

  it('checks every flag before refusing an existing config', async () => {
    const dir = tempDir()
    expect((await cli(dir, initArgs(dir))).code).toBe(0)
    const config = readFileSync(join(dir, 'config.json'), 'utf8')
    const bad = await cli(dir, [...initArgs(dir), '--capacity', '0'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('EXECUTOR_CAPACITY="0" is out of range: expected a whole number from 1 to 1000')
    expect(bad.stderr).not.toContain('pass --force')
    const wrongChain = await cli(dir, [...initArgs(dir), '--chain-id', '1'])
    expect(wrongChain.stderr).toContain('The RPC serves chain 31337 but EXECUTOR_CHAIN_ID is 1')
    expect(wrongChain.stderr).not.toContain('pass --force')
    // Flags that are all right: then the existing config is what stands in the way.
    const good = await cli(dir, initArgs(dir))
    expect(good.code).toBe(2)
    expect(good.stderr).toBe(usageError('init', `${join(dir, 'config.json')} exists; pass --force to overwrite it`))
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(config)
  })

  it('refuses a chain id the RPC does not serve, naming both and the flags to fix, and writes nothing', async () => {
    const dir = tempDir()
    const { code, stderr } = await cli(dir, [...initArgs(dir), '--chain-id', '1'])
    expect(code).toBe(2)
    expect(stderr).toBe(
      usageError(
        'init',
        'The RPC serves chain 31337 but EXECUTOR_CHAIN_ID is 1; point EXECUTOR_RPC_URL at chain 1 or fix EXECUTOR_CHAIN_ID.\n' +
          '(EXECUTOR_RPC_URL is set by --rpc-url; EXECUTOR_CHAIN_ID is set by --chain-id)',
      ),
    )
    expect(existsSync(join(dir, 'config.json'))).toBe(false)
    expect(existsSync(join(dir, 'key'))).toBe(false)
    // The chain it serves is accepted, without a warning about the RPC.
    const right = await cli(dir, [...initArgs(dir), '--chain-id', '31337'])
    expect(right.code, right.stderr).toBe(0)
    expect(right.stdout).not.toContain('Cannot reach the RPC')
  })

  it('writes the config of a node whose RPC does not answer yet, with a warning', async () => {
    const dir = tempDir()
    const { code, stdout } = await cli(dir, [...initArgs(dir, 'http://127.0.0.1:1'), '--chain-id', '31337'])
    expect(code).toBe(0)
    expect(stdout).toContain(
      'Warning: Cannot reach the RPC at http://127.0.0.1:1; check EXECUTOR_RPC_URL and that the node is up. The config is written anyway, but chain id 31337 is not checked until the node connects',
    )
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ EXECUTOR_CHAIN_ID: '31337' })
  })

  it('refuses a config path that is a directory, saying so', async () => {
    const dir = tempDir()
    // No --data-dir: the config goes where EXECUTOR_CONFIG says.
    const args = initArgs(dir).filter((arg, i, all) => arg !== '--data-dir' && all[i - 1] !== '--data-dir')
    const { code, stderr } = await cli(dir, [...args, '--force'], { EXECUTOR_CONFIG: dir })
    expect(code).toBe(2)
    expect(stderr).toContain(
      `${dir} is a directory; init writes the config file itself: name a file (EXECUTOR_CONFIG), e.g. ${join(dir, 'config.json')}`,
    )
    writeFileSync(join(dir, 'unused'), '') // the directory is left as it was
    expect(existsSync(join(dir, 'key'))).toBe(false)
  })
})

describe('neuro-executor init for a second node while EXECUTOR_CONFIG names the first', () => {
  const init = (dir: string, extra: string[], env: NodeJS.ProcessEnv) =>
    cli(dir, ['init', '--rpc-url', rpcUrl, '--key', key, '--units-per-second', '1', ...extra], env)

  it('writes <data dir>/config.json for an explicit --data-dir, warns that EXECUTOR_CONFIG points elsewhere, and leaves the first config alone', async () => {
    const dir = tempDir()
    const first = join(dir, 'node1')
    const exported = { EXECUTOR_CONFIG: join(first, 'config.json') }
    expect((await init(dir, ['--data-dir', first], exported)).code).toBe(0)
    const firstConfig = readFileSync(join(first, 'config.json'), 'utf8')
    const second = join(dir, 'node4')
    const { code, stdout, stderr } = await init(dir, ['--data-dir', second, '--metrics-port', '9471'], exported)
    // It used to refuse: "<node1>/config.json exists; pass --force to overwrite it".
    expect(code, stderr).toBe(0)
    const config = join(second, 'config.json')
    expect(stdout).toContain(`Wrote ${config} and ${join(second, 'key')} (0600).`)
    expect(stdout).toContain(
      `Warning: EXECUTOR_CONFIG=${join(first, 'config.json')} is set, but --data-dir puts this node's config at ${config}: later commands read EXECUTOR_CONFIG's config unless given --config as below, or EXECUTOR_CONFIG is set to this one`,
    )
    expect(stdout).toContain(`then \`neuro-executor register --config ${config}\``)
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ EXECUTOR_DATA_DIR: second, EXECUTOR_METRICS_PORT: '9471' })
    expect(readFileSync(join(first, 'config.json'), 'utf8')).toBe(firstConfig)
  })

  it('without --data-dir, an existing config EXECUTOR_CONFIG names is refused naming EXECUTOR_CONFIG and the way to another node', async () => {
    const dir = tempDir()
    const exported = { EXECUTOR_CONFIG: join(dir, 'node1', 'config.json') }
    expect((await init(dir, ['--data-dir', join(dir, 'node1')], exported)).code).toBe(0)
    const { code, stderr } = await init(dir, [], exported)
    expect(code).toBe(2)
    expect(stderr).toBe(
      usageError(
        'init',
        `${exported.EXECUTOR_CONFIG} (named by EXECUTOR_CONFIG) exists; pass --force to overwrite it, or, for another node, give it its own --data-dir <dir> (or \`unset EXECUTOR_CONFIG\`, or --config <file>)`,
      ),
    )
  })
})

describe('neuro-executor says what works', () => {
  const init = (dir: string, dataDir: string, env: NodeJS.ProcessEnv, extra: string[] = []) =>
    cli(dir, ['init', '--rpc-url', rpcUrl, '--data-dir', dataDir, '--key', key, '--units-per-second', '1', ...extra], env)

  it("init's next steps name the config when later commands would not find it, and that command finds it", async () => {
    const dir = tempDir()
    // Later commands look in EXECUTOR_DATA_DIR; init writes under --data-dir.
    const env = { EXECUTOR_CONFIG: undefined, EXECUTOR_DATA_DIR: join(dir, 'usual') }
    const elsewhere = join(dir, 'node')
    const written = await init(dir, elsewhere, env)
    expect(written.code, written.stderr).toBe(0)
    const config = join(elsewhere, 'config.json')
    expect(written.stdout).toContain(
      `then \`neuro-executor register --config ${config}\` and \`neuro-executor stake --config ${config} <NTK>\`.`,
    )
    expect(written.stdout).toContain(`or \`export EXECUTOR_CONFIG=${config}\` once.`)
    // Run as told, register reads that config: it stops at its missing metrics port, not at a missing config.
    const told = (written.stdout.match(/`neuro-executor (register[^`]*)`/) as RegExpMatchArray)[1] as string
    const register = await cli(dir, told.split(' '), env)
    expect(register.stderr).not.toContain('No config file')
    expect(register.stderr).toContain('set EXECUTOR_METRICS_PORT to a fixed port')
    // Written where commands look anyway: the plain commands.
    const usual = await init(dir, join(dir, 'usual'), env)
    expect(usual.code, usual.stderr).toBe(0)
    expect(usual.stdout).toContain('then `neuro-executor register` and `neuro-executor stake <NTK>`.')
  })

  it('a bad --ipfs-peers shows what a peer looks like and where to find one', async () => {
    const dir = tempDir()
    const { code, stderr } = await init(dir, dir, {}, ['--ipfs-peers', 'garbage'])
    expect(code).toBe(2)
    expect(stderr).toContain(
      'EXECUTOR_IPFS_PEERS="garbage" has "garbage", which is not a multiaddr ending in /p2p/<peer id>; set EXECUTOR_IPFS_PEERS to a comma-separated list of multiaddrs with /p2p/<peer id>, e.g. EXECUTOR_IPFS_PEERS=/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW... (the platform IPFS node\'s multiaddr: the "IPFS peer" line `npm start` prints, or one `ipfs id` lists on that node).',
    )
    expect(stderr).toContain('(EXECUTOR_IPFS_PEERS is set by --ipfs-peers)')
  })

  it('--config naming a directory is reported against --config', async () => {
    const dir = tempDir()
    for (const command of ['start', 'status', 'register']) {
      const { code, stderr } = await cli(dir, [command, '--config', dir])
      expect(code).toBe(2)
      expect(stderr).toBe(
        usageError(
          command,
          `--config ${dir}: ${dir} is a directory; give the config file itself, e.g. --config ${join(dir, 'config.json')} (\`neuro-executor init\` writes <data dir>/config.json)`,
        ),
      )
    }
  })

  it("register's own checks name the command once", async () => {
    const dir = tempDir()
    expect((await init(dir, dir, {})).code).toBe(0)
    const noPort = await cli(dir, ['register'])
    expect(noPort.code).toBe(2)
    expect(noPort.stderr).toBe(
      usageError(
        'register',
        'the daemon serves its progress on its metrics port; set EXECUTOR_METRICS_PORT to a fixed port (e.g. 9464) or pass --status-url <http URL of its /status>',
      ),
    )
    const badUrl = await cli(dir, ['register', '--status-url', 'ftp://node.example/status'])
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toMatch(/^neuro-executor register: statusUrl must be an http:\/\/ or https:\/\/ URL/)
  })
})
