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
    const { code, stderr } = await cli(dir, [...initArgs(dir), '--force'], { EXECUTOR_CONFIG: dir })
    expect(code).toBe(2)
    expect(stderr).toContain(
      `${dir} is a directory; init writes the config file itself: name a file (EXECUTOR_CONFIG), e.g. ${join(dir, 'config.json')}`,
    )
    writeFileSync(join(dir, 'unused'), '') // the directory is left as it was
    expect(existsSync(join(dir, 'key'))).toBe(false)
  })
})
