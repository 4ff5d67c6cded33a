// `neuro-executor <command>`: the executor node's CLI. Every command reads the same config
// (config.ts), prints a line for people or JSON with --json, and fails with the reason decoded
// (a contract revert by its error name, a config problem naming the variable and the fix).
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { parseCid } from '@neuromation/content/cid'
import { BaseError, createLogger, createShutdown } from '@neuromation/runtime'
import {
  type AssignmentProgress,
  cancelAsk,
  describeError,
  EXECUTOR_METADATA_FORMAT,
  type ExecutorMetadata,
  ExecutorMetadataError,
  encodeExecutorMetadata,
  parseExecutorMetadata,
  parseExecutorStatus,
  placeAsk,
  rawCid,
  register,
  requestUnbond,
  stake,
  updateNode,
  withdraw,
  withdrawUnbonded,
} from '@neuromation/sdk'
import { formatEther, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { readContract } from 'viem/actions'
import { askBacking } from '../chain/askBacking'
import { checkRpcChain } from '../chain/checkRpcChain'
import { type Chain, createChain } from '../chain/createChain'
import { readContractOf } from '../chain/readContractOf'
import { readLifetimeTotals } from '../chain/readLifetimeTotals'
import { readOwnAssignments } from '../chain/readOwnAssignments'
import { revertOf } from '../chain/revertOf'
import { closeRpcTransport, rpcTransport } from '../chain/rpcTransport'
import {
  configVariables,
  defaultConfigPath,
  type ExecutorConfig,
  loadExecutorConfig,
  parseExecutorConfig,
  readConfigFile,
  readKeyFile,
} from '../config'
import { ExecutorError } from '../ExecutorError'
import { type CommandHint, commandHint } from './commandHint'
import { formatDuration } from './formatDuration'
import { formatStatus, type NodeStatus } from './formatStatus'
import { formatWhen } from './formatWhen'
import type { measureUnitsPerSecond } from './measureUnitsPerSecond'
import { type commonFlags, type FlagSpec, type FlagValues, parseCommandArgs, refuseTogether } from './parseCommandArgs'
import { setupWarnings } from './setupWarnings'
import { shellQuote } from './shellQuote'
import { UsageError } from './UsageError'

// The IPFS node (libp2p, Helia), the daemon and the sandboxed engine are imported by the commands
// that use them (`await import` below): every other command then starts in about 0.7 s, not 2 s.

const USAGE = `Usage: neuro-executor <command> [flags]

Commands:
  init        write a config file and a key file (0600) for a new node
  register    register this node in the NodeRegistry with its capabilities
  stake       stake NTK: neuro-executor stake <amount NTK>
  ask         place or replace the ask (--price <ticks> --capacity <tasks>), or --cancel it
  start       run the daemon: take assignments, compute, submit, audit, settle
  status      show the node: stake, ask, credits, earnings, slashes, open assignments
  withdraw    withdraw market credits (earnings, rewards) to this node's address
  unstake     start unbonding: neuro-executor unstake <amount NTK>; --withdraw when unbonded

Flags for every command: --help, --json, --config <file>. Settings come from the config file (--config or
EXECUTOR_CONFIG, default ~/.neuro-executor/config.json) and the environment (EXECUTOR_*; see executor/.env.example).`

/** Printed under every command's --help. */
const COMMON_HELP = `Every command also takes --json (machine-readable output) and --config <file> (the config file, like
EXECUTOR_CONFIG; default <EXECUTOR_DATA_DIR or ~/.neuro-executor>/config.json; it must exist, except for init).`

const HELP: Record<string, string> = {
  init: `Usage: neuro-executor init --rpc-url <url> [--data-dir <dir>] [--chain-id <id>] [--ipfs embedded|<kubo url>]
                          [--ipfs-peers <multiaddr,...>] [--ipfs-gateway <url>] [--metrics-port <port>]
                          [--capacity <n>] [--ask-price <ticks>] [--ask-strategy fixed|adaptive] [--key <0x..>] [--force]
                          [--benchmark-samples <n>] [--units-per-second <n>]
Writes <data dir>/config.json (or the --config file) and the key to <data dir>/key (both mode 0600). With
--data-dir and no --config it writes <data dir>/config.json even when EXECUTOR_CONFIG names another file (it warns).
An existing key file is kept (it is the node's identity: its stake and credits); only --key replaces it, keeping the
old one as key.replaced-<time>. A key is generated only when there is none. With --force, a config file init cannot read is set aside, not merged.
An embedded IPFS node (the default) reaches the platform's content only through --ipfs-peers: the platform
node's multiaddr, which \`npm start\` prints (with --ipfs-gateway, its gateway, for audits). --metrics-port
serves /metrics and /status (the job page's live progress, \`neuro-executor status\`).
Measures the node's compute units per second with a short real run of the digits generator (--benchmark-samples,
default 300) and stores it for \`register\`; --units-per-second skips the run and stores the number given.
Every flag is checked before anything is written, and the chain id the RPC serves against --chain-id: a mismatch
is refused; an RPC that does not answer only gets a warning (the config is written: a node may be set up first).`,
  register: `Usage: neuro-executor register [--name <text>] [--status-url <url>] [--units-per-second <n>] [--accelerator 0|1|2]
                              [--backend 0..4] [--memory-mib <n>] [--metadata-cid <cid>]
Registers this node's capabilities (units per second: what \`init\` measured, unless given) and its
metadata: a JSON document (name, version, statusUrl, hardware) published through the node's content
store, whose CID the registry records. The status URL is where browsers read the daemon's progress
(GET /status on the metrics port); default http://<EXECUTOR_METRICS_HOST>:<EXECUTOR_METRICS_PORT>/status.
An already registered node updates its capabilities and metadata instead.`,
  stake:
    "Usage: neuro-executor stake <amount NTK>\nStakes a positive amount of NTK from this node's balance with a permit (one transaction).",
  ask: 'Usage: neuro-executor ask [--price <ticks>] [--capacity <tasks>] | --cancel\nPlaces (or replaces) the GENERATE ask; defaults come from the config. --cancel takes it out of the book.',
  start:
    'Usage: neuro-executor start [--cheat wrong-shard]\nRuns the daemon until SIGINT/SIGTERM. It exits 1 at once, saying what to run, when the node is not registered or\nits free stake cannot back its ask (unless stake is locked in open work, which it must finish), and when another\ndaemon runs on its data dir (<data dir>/daemon.lock; one left by a daemon that is gone is taken over).\n--cheat is FOR TESTS ONLY: it computes wrong shards on purpose and gets the node slashed.',
  status:
    "Usage: neuro-executor status [--json]\nThe node's stake (and when unbonding stake can be withdrawn), ask (flagged when free stake cannot back it), credits,\nreputation and lifetime earnings and slashes from the chain; the running daemon's open assignments with their\nprogress (its /status), and the results waiting out their challenge window.",
  withdraw:
    "Usage: neuro-executor withdraw [--json]\nSends the node's market credits to its address; with none it says so and exits 0.",
  unstake:
    "Usage: neuro-executor unstake <amount NTK> | --withdraw\nStarts unbonding free stake and prints when it can be withdrawn (the registry's unbonding delay, restarted for\nall unbonding stake by each request), warning when the stake left cannot back the ask. --withdraw takes it out.",
}

type Out = { json: boolean; print: (human: string, data: Record<string, unknown>) => void }

/**
 * What a command runs with: its output, the environment its settings come from (--config
 * applied), the environment as given (where later commands will look for the config), and how
 * the commands it tells the operator to run are written (with the --config given).
 */
type Context = { out: Out; env: NodeJS.ProcessEnv; givenEnv: NodeJS.ProcessEnv; hint: CommandHint }

function output(json: boolean): Out {
  return {
    json,
    print: (human, data) =>
      process.stdout.write(
        json ? `${JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n` : `${human}\n`,
      ),
  }
}

/** An amount of NTK given as the command's argument, in wei; a UsageError unless a positive number. */
function ntk(raw: string | undefined): bigint {
  if (raw === undefined) throw new UsageError('give the amount in NTK, e.g. 1000')
  try {
    const wei = parseEther(raw)
    if (wei > 0n) return wei
  } catch {
    // below
  }
  throw new UsageError(`the amount must be a positive number of NTK, like 1000 or 0.5; got "${raw}"`)
}

function int(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  return n
}

async function connect(env: NodeJS.ProcessEnv): Promise<{ config: ExecutorConfig; chain: Chain }> {
  const config = loadExecutorConfig(env)
  return { config, chain: await createChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, account: config.account }) }
}

async function confirm(chain: Chain, hash: `0x${string}`): Promise<void> {
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`the transaction ${hash} reverted`)
}

/** The variables `init` writes from its flags. */
const initFlags: Record<string, string> = {
  EXECUTOR_RPC_URL: '--rpc-url',
  EXECUTOR_DATA_DIR: '--data-dir',
  EXECUTOR_CHAIN_ID: '--chain-id',
  EXECUTOR_IPFS: '--ipfs',
  EXECUTOR_IPFS_PEERS: '--ipfs-peers',
  EXECUTOR_IPFS_GATEWAY: '--ipfs-gateway',
  EXECUTOR_METRICS_PORT: '--metrics-port',
  EXECUTOR_CAPACITY: '--capacity',
  EXECUTOR_ASK_PRICE: '--ask-price',
  EXECUTOR_ASK_STRATEGY: '--ask-strategy',
}

const initOptions = {
  'rpc-url': { type: 'string' },
  'data-dir': { type: 'string' },
  'chain-id': { type: 'string' },
  ipfs: { type: 'string' },
  'ipfs-peers': { type: 'string' },
  'ipfs-gateway': { type: 'string' },
  'metrics-port': { type: 'string' },
  capacity: { type: 'string' },
  'ask-price': { type: 'string' },
  'ask-strategy': { type: 'string' },
  key: { type: 'string' },
  force: { type: 'boolean' },
  'benchmark-samples': { type: 'string' },
  'units-per-second': { type: 'string' },
} as const satisfies FlagSpec

/**
 * Writes the config and key files. Every check comes before anything is written, and all of them
 * before an existing config is refused, so one run names every problem: the flags, the settings
 * they make, the chain the RPC serves; then whether a config is in the way (--force).
 */
async function init(
  values: FlagValues<typeof initOptions & typeof commonFlags>,
  _: string[],
  { out, env, givenEnv }: Context,
): Promise<number> {
  refuseTogether(
    values,
    'units-per-second',
    ['benchmark-samples'],
    '--units-per-second stores the number given instead of the benchmark run that --benchmark-samples sizes; give one or the other',
  )
  const benchmarkSamples = int(values['benchmark-samples'], 'benchmark-samples', 20, 100_000) ?? 300
  const givenUnits = int(values['units-per-second'], 'units-per-second', 1, Number.MAX_SAFE_INTEGER)
  if (!values['rpc-url']) throw new UsageError('--rpc-url is required (the JSON-RPC endpoint of the chain)')
  if (values.key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(values.key))
    throw new UsageError('--key must be 0x followed by 64 hex digits')
  const dataDir = resolve(values['data-dir'] ?? env.EXECUTOR_DATA_DIR ?? join(env.HOME ?? '.', '.neuro-executor'))
  // Where the config goes: --config; else, with --data-dir, <data dir>/config.json, whatever
  // EXECUTOR_CONFIG says (operators export it for their first node, as the README says: a second
  // node's init would otherwise write, or be told to --force over, the first node's config); else
  // where commands look (EXECUTOR_CONFIG, else <data dir>/config.json).
  const configSource =
    values.config !== undefined
      ? '--config'
      : values['data-dir'] !== undefined
        ? '--data-dir'
        : env.EXECUTOR_CONFIG
          ? 'EXECUTOR_CONFIG'
          : undefined
  const configPath =
    configSource === '--data-dir' ? join(dataDir, 'config.json') : defaultConfigPath({ ...env, EXECUTOR_DATA_DIR: dataDir })
  const configIsDirectory = isDirectory(configPath)
  const notes: string[] = []
  const exported = givenEnv.EXECUTOR_CONFIG ? resolve(givenEnv.EXECUTOR_CONFIG) : undefined
  if (configSource === '--data-dir' && exported !== undefined && exported !== configPath)
    notes.push(
      `EXECUTOR_CONFIG=${shellQuote(exported)} is set, but --data-dir puts this node's config at ${configPath}: later commands read EXECUTOR_CONFIG's config unless given --config as below, or EXECUTOR_CONFIG is set to this one`,
    )
  // The old settings are kept under the new ones; an old file init cannot read (the file the
  // daemon told the operator to replace with `init --force`) is set aside instead, not merged.
  let old: Record<string, string> = {}
  let unreadable: string | undefined
  try {
    if (!configIsDirectory) old = readConfigFile(configPath)
  } catch (error) {
    unreadable = `${configPath}.unreadable-${Date.now()}`
    notes.push(
      `the old ${configPath} could not be read, so its settings were not kept; it is saved as ${unreadable} (${error instanceof BaseError ? error.shortMessage : String(error)})`,
    )
  }
  // The node's key is its identity: its stake and credits belong to it. An existing key file is
  // never replaced except by a key given explicitly with --key (the old one is then kept aside).
  const keyPath =
    old.EXECUTOR_KEY_FILE && existsSync(resolve(old.EXECUTOR_KEY_FILE)) ? resolve(old.EXECUTOR_KEY_FILE) : join(dataDir, 'key')
  const existingKey = existsSync(keyPath) ? readExistingKey(keyPath, values.key !== undefined) : undefined
  const key = (values.key ?? existingKey ?? generatePrivateKey()) as `0x${string}`
  const keySource: 'given' | 'kept' | 'generated' =
    values.key !== undefined ? 'given' : existingKey !== undefined ? 'kept' : 'generated'
  const settings: Record<string, string> = {
    ...old,
    EXECUTOR_RPC_URL: values['rpc-url'],
    EXECUTOR_DATA_DIR: dataDir,
    EXECUTOR_KEY_FILE: keyPath,
  }
  const optional: [string, string | undefined][] = [
    ['EXECUTOR_CHAIN_ID', values['chain-id']],
    ['EXECUTOR_IPFS', values.ipfs],
    ['EXECUTOR_IPFS_PEERS', values['ipfs-peers']],
    ['EXECUTOR_IPFS_GATEWAY', values['ipfs-gateway']],
    ['EXECUTOR_METRICS_PORT', values['metrics-port']],
    ['EXECUTOR_CAPACITY', values.capacity],
    ['EXECUTOR_ASK_PRICE', values['ask-price']],
    ['EXECUTOR_ASK_STRATEGY', values['ask-strategy']],
  ]
  for (const [name, value] of optional) if (value !== undefined) settings[name] = value
  for (const name of Object.keys(settings)) if (!configVariables.includes(name)) delete settings[name]
  // Validate the settings before the benchmark and before anything is written, so a bad flag
  // fails at once and leaves the node as it was. The key is checked as given (its file may not
  // exist yet). The config names variables; the operator typed flags, so say which flag set each
  // variable that is wrong.
  let config: ExecutorConfig
  try {
    config = parseExecutorConfig({ ...settings, EXECUTOR_PRIVATE_KEY: key })
  } catch (error) {
    throw new UsageError(withFlagNames(error instanceof Error ? error.message : String(error), values))
  }
  const rpcWarning = await checkInitRpc(config, values)
  if (rpcWarning !== undefined) notes.push(rpcWarning)
  if (configIsDirectory)
    throw new UsageError(
      `${configPath} is a directory; init writes the config file itself: name a file (${configSource === 'EXECUTOR_CONFIG' ? 'EXECUTOR_CONFIG' : '--config'}), e.g. ${join(configPath, 'config.json')}`,
    )
  if (existsSync(configPath) && !values.force)
    throw new UsageError(
      configSource === 'EXECUTOR_CONFIG'
        ? `${configPath} (named by EXECUTOR_CONFIG) exists; pass --force to overwrite it, or, for another node, give it its own --data-dir <dir> (or \`unset EXECUTOR_CONFIG\`, or --config <file>)`
        : `${configPath} exists; pass --force to overwrite it`,
    )
  let measured: Awaited<ReturnType<typeof measureUnitsPerSecond>> | undefined
  if (givenUnits === undefined) {
    if (!out.json)
      process.stdout.write(`Measuring this node: ${benchmarkSamples} digits samples on ${config.workers} worker(s)...\n`)
    const { measureUnitsPerSecond } = await import('./measureUnitsPerSecond')
    measured = await measureUnitsPerSecond({ samples: benchmarkSamples, workers: config.workers })
  }
  settings.EXECUTOR_UNITS_PER_SECOND = String(givenUnits ?? measured?.unitsPerSecond)
  const keyReplaced = keySource === 'given' && existingKey?.toLowerCase() !== key.toLowerCase()
  mkdirSync(dirname(configPath), { recursive: true })
  mkdirSync(dirname(keyPath), { recursive: true })
  if (keySource === 'generated') {
    // 'wx': if a key file appeared meanwhile, fail rather than replace it.
    writeFileSync(keyPath, `${key}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(keyPath, 0o600)
  } else if (keyReplaced) {
    if (existsSync(keyPath)) {
      const aside = `${keyPath}.replaced-${Date.now()}`
      copyFileSync(keyPath, aside)
      chmodSync(aside, 0o600)
      notes.push(`the previous key file was replaced by --key; it is kept as ${aside}`)
    }
    writePrivateFile(keyPath, `${key}\n`)
  }
  if (unreadable !== undefined) copyFileSync(configPath, unreadable)
  // Owner-only: EXECUTOR_RPC_URL often holds an API key.
  writePrivateFile(configPath, `${JSON.stringify(settings, null, 2)}\n`)
  loadExecutorConfig({ ...settings, EXECUTOR_CONFIG: configPath })
  const address = privateKeyToAccount(key).address
  const speed = measured
    ? `Measured ${measured.unitsPerSecond} compute units/s (${measured.samplesPerSecond.toFixed(1)} digits samples/s on ${measured.workers} worker(s)).`
    : `Declared ${givenUnits} compute units/s (not measured).`
  const warnings = [...notes, ...setupWarnings(config)]
  const wrote =
    keySource === 'generated' || keyReplaced
      ? `Wrote ${configPath} and ${keyPath} (0600).`
      : `Wrote ${configPath} (0600); kept the existing key ${keyPath}.`
  // Later commands look where their environment says; a config written elsewhere (--config,
  // --data-dir) must be named to each of them, or they report that there is none.
  const atDefault = defaultConfigPath(givenEnv) === configPath
  const hint = commandHint(configPath, givenEnv)
  const next = `Next: fund it with NTK and ETH, then \`${hint('register')}\` and \`${hint('stake', '<NTK>')}\`.${atDefault ? '' : ` Commands look for ${defaultConfigPath(givenEnv)} by default: give each --config as here, or \`export EXECUTOR_CONFIG=${shellQuote(configPath)}\` once.`}`
  out.print(`${wrote} Node address: ${address}\n${speed}\n${warnings.map((w) => `Warning: ${w}\n`).join('')}${next}`, {
    warnings,
    config: configPath,
    keyFile: keyPath,
    key: keyReplaced ? 'replaced' : keySource,
    address,
    unitsPerSecond: givenUnits ?? measured?.unitsPerSecond,
    measured: measured ?? null,
  })
  return 0
}

/**
 * `message` (a config problem, which names variables) with the flag that set each variable it
 * names: the operator typed flags.
 */
function withFlagNames(message: string, values: Record<string, unknown>): string {
  const flags = Object.entries(initFlags)
    .filter(([variable, flag]) => values[flag.slice(2)] !== undefined && new RegExp(`\\b${variable}\\b`).test(message))
    .map(([variable, flag]) => `${variable} is set by ${flag}`)
  return flags.length ? `${message}\n(${flags.join('; ')})` : message
}

/**
 * Checks the chain the RPC serves against the configured chain id with the daemon's own check
 * (checkRpcChain): a mismatch is refused before anything is written. An RPC that does not answer
 * is no reason to refuse, since an operator may set a node up before its RPC is reachable: it
 * returns a warning instead.
 */
async function checkInitRpc(config: ExecutorConfig, values: Record<string, unknown>): Promise<string | undefined> {
  // One short try: init waits for no outage, the daemon does.
  const transport = rpcTransport(config.rpcUrl, { retryCount: 0, timeoutMs: 5_000 })
  try {
    await checkRpcChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, transport })
    await closeRpcTransport(transport)
    return undefined
  } catch (error) {
    if (!(error instanceof ExecutorError)) throw error
    if (error.code === 'WRONG_CHAIN') {
      await closeRpcTransport(transport)
      throw new UsageError(withFlagNames(error.shortMessage, values))
    }
    if (error.code !== 'RPC') throw error
    return `${error.shortMessage} The config is written anyway, but ${config.chainId === undefined ? 'the chain' : `chain id ${config.chainId}`} is not checked until the node connects (\`neuro-executor status\` does).`
  }
}

/** Whether `path` is a directory (false when it does not exist or cannot be looked at). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
  } catch {
    return false
  }
}

/**
 * The key in a key file init found in place. Unless --key replaces it, a file that holds no key is
 * an error (never overwritten: it may be the only copy of a key in another form).
 */
function readExistingKey(path: string, replacing: boolean): `0x${string}` | undefined {
  try {
    return readKeyFile(path)
  } catch (error) {
    if (replacing) return undefined
    throw new UsageError(
      `${path} exists but cannot be used as this node's key (${error instanceof BaseError ? error.shortMessage : String(error)}). init does not replace a key file: fix it, move it away, or give the key with --key.`,
    )
  }
}

/**
 * Writes `text` to `path` readable by the owner only, atomically: a temporary file in the same
 * directory, flushed, then renamed over `path`, so a crash or a full disk never leaves half a file.
 */
function writePrivateFile(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const fd = openSync(temp, 'wx', 0o600)
    try {
      writeFileSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    chmodSync(temp, 0o600)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

const registerOptions = {
  'units-per-second': { type: 'string' },
  accelerator: { type: 'string' },
  backend: { type: 'string' },
  'memory-mib': { type: 'string' },
  'bandwidth-mbps': { type: 'string' },
  'storage-gib': { type: 'string' },
  'metadata-cid': { type: 'string' },
  name: { type: 'string' },
  'status-url': { type: 'string' },
} as const satisfies FlagSpec

async function registerCommand(
  values: FlagValues<typeof registerOptions & typeof commonFlags>,
  _: string[],
  { out, env }: Context,
): Promise<number> {
  refuseTogether(
    values,
    'metadata-cid',
    ['name', 'status-url'],
    '--name and --status-url go into the metadata document register publishes, while --metadata-cid names one published already; give one or the other',
  )
  const givenUnits = int(values['units-per-second'], 'units-per-second', 1, Number.MAX_SAFE_INTEGER)
  // Checked before anything is sent: the registry records whatever string it is given.
  const givenCid = values['metadata-cid'] === undefined ? undefined : metadataCidFlag(values['metadata-cid'])
  const declared = {
    accelerator: int(values.accelerator, 'accelerator', 0, 2) ?? 0,
    backend: int(values.backend, 'backend', 0, 4) ?? 1,
    memoryMiB: int(values['memory-mib'], 'memory-mib', 0, 2 ** 32 - 1) ?? Math.floor(totalmem() / 2 ** 20),
    bandwidthMbps: int(values['bandwidth-mbps'], 'bandwidth-mbps', 0, 2 ** 32 - 1) ?? 100,
    storageGiB: int(values['storage-gib'], 'storage-gib', 0, 2 ** 32 - 1) ?? 10,
  }
  const config = loadExecutorConfig(env)
  // What `init` measured unless the operator says otherwise (a node set up without init: 100).
  const capabilities = { computeUnitsPerSecond: BigInt(givenUnits ?? config.unitsPerSecond ?? 100), ...declared }
  // Checked before connecting: a missing status URL is the operator's to fix, whatever the RPC does.
  const metadata = givenCid === undefined ? nodeMetadata(config, config.account.address, capabilities, values) : undefined
  const chain = await createChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, account: config.account })
  const metadataCid = givenCid ?? (await publishMetadata(config, metadata as ExecutorMetadata))
  const node = (await readContract(chain.publicClient, {
    address: chain.registry.address,
    abi: chain.registry.abi,
    functionName: 'getNode',
    args: [chain.me],
  })) as { registered: boolean }
  await confirm(chain, await (node.registered ? updateNode : register)(chain.walletClient, { capabilities, metadataCid }))
  out.print(
    `${node.registered ? 'Updated' : 'Registered'} ${chain.me}; metadata ${metadataCid}${metadata ? ` (status ${metadata.statusUrl})` : ''}.`,
    { executor: chain.me, capabilities, metadataCid, metadata, updated: node.registered },
  )
  return 0
}

/** The CID given with --metadata-cid, in its canonical text form; a UsageError when it is no CID. */
function metadataCidFlag(raw: string): string {
  try {
    return parseCid(raw).toString()
  } catch (error) {
    const why = error instanceof BaseError ? error.shortMessage : `"${raw}" is not a CID.`
    throw new UsageError(
      `--metadata-cid: ${why} Give the CID of the node's metadata document (bafy... or Qm...), or leave the flag out and register publishes the document itself.`,
    )
  }
}

// Registry capability codes (INodeRegistry.Capabilities) as the metadata names them.
const ACCELERATORS = ['cpu', 'gpu', 'other'] as const
const BACKENDS = ['cpu', 'wasm', 'tfjs-node', 'tfjs-node-gpu', 'webgpu'] as const

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

/**
 * The node's metadata document. The status URL must be one a browser can open: the metrics
 * endpoint's address when it is a fixed, specific one, else the operator says it (--status-url).
 */
function nodeMetadata(
  config: ExecutorConfig,
  me: string,
  capabilities: { computeUnitsPerSecond: bigint; accelerator: number; backend: number; memoryMiB: number },
  values: { name?: string; 'status-url'?: string },
): ExecutorMetadata {
  let statusUrl = values['status-url']
  if (statusUrl === undefined) {
    const wildcard = ['0.0.0.0', '::', '[::]'].includes(config.metricsHost)
    if (config.metricsPort === undefined || config.metricsPort === 0 || wildcard) {
      throw new UsageError(
        config.metricsPort === undefined || config.metricsPort === 0
          ? 'the daemon serves its progress on its metrics port; set EXECUTOR_METRICS_PORT to a fixed port (e.g. 9464) or pass --status-url <http URL of its /status>'
          : `EXECUTOR_METRICS_HOST=${config.metricsHost} listens everywhere; pass --status-url with the address browsers reach it at, e.g. http://node.example:${config.metricsPort}/status`,
      )
    }
    const host = config.metricsHost.includes(':') ? `[${config.metricsHost}]` : config.metricsHost
    statusUrl = `http://${host}:${config.metricsPort}/status`
  }
  try {
    return parseExecutorMetadata({
      format: EXECUTOR_METADATA_FORMAT,
      name: values.name ?? `executor-${me.slice(2, 10).toLowerCase()}`,
      version: packageVersion(),
      statusUrl,
      hardware: {
        cpus: availableParallelism(),
        memoryMiB: capabilities.memoryMiB,
        accelerator: ACCELERATORS[capabilities.accelerator],
        backend: BACKENDS[capabilities.backend],
        unitsPerSecond: Number(capabilities.computeUnitsPerSecond),
      },
    })
  } catch (error) {
    if (error instanceof ExecutorMetadataError) throw new UsageError(error.problems.join('; '))
    throw error
  }
}

/**
 * Adds the metadata document through the node's content store (the daemon's store: an embedded
 * node serves it to the platform's peers while the daemon runs) and checks the CID it returned
 * is the bytes' own, so the registry never records a CID the document does not hash to.
 */
async function publishMetadata(config: ExecutorConfig, metadata: ExecutorMetadata): Promise<string> {
  const bytes = encodeExecutorMetadata(metadata)
  const logger = createLogger({ level: 'warn', bindings: { service: 'executor' } })
  const { openContentStore } = await import('../content/openContentStore')
  const content = await openContentStore({
    ipfs: config.ipfs,
    dataDir: config.dataDir,
    peers: config.ipfsPeers,
    fetchTimeoutMs: config.fetchTimeoutMs,
    logger: logger.child({ module: 'content' }),
  })
  try {
    const cid = await content.addBytes(bytes)
    const expected = rawCid(bytes)
    if (cid !== expected) throw new Error(`the content store added the metadata as ${cid}, but its bytes hash to ${expected}`)
    return cid
  } finally {
    await content.close()
  }
}

async function stakeCommand(
  _values: FlagValues<typeof commonFlags>,
  positionals: string[],
  { out, env }: Context,
): Promise<number> {
  const amount = ntk(positionals[0])
  const { chain } = await connect(env)
  await checkCanStake(chain, amount)
  await confirm(chain, await stake(chain.walletClient, { amount }))
  const total = await readContract(chain.publicClient, {
    address: chain.registry.address,
    abi: chain.registry.abi,
    functionName: 'stakeOf',
    args: [chain.me],
  })
  out.print(`Staked ${formatEther(amount)} NTK; stake now ${formatEther(total)} NTK.`, {
    staked: amount,
    stake: total,
  })
  return 0
}

/**
 * Refuses a stake the node's address cannot pay, naming all it lacks at once: the send would
 * report only the first (the NTK in its simulation, then the ETH for gas).
 */
async function checkCanStake(chain: Chain, amount: bigint): Promise<void> {
  const [eth, held] = await Promise.all([
    chain.publicClient.getBalance({ address: chain.me }),
    readContractOf(chain)('token', 'balanceOf', [chain.me]) as Promise<bigint>,
  ])
  const missing = [...(held < amount ? [`${formatEther(amount - held)} NTK`] : []), ...(eth === 0n ? ['some ETH for gas'] : [])]
  if (missing.length === 0) return
  throw new ExecutorError(
    'UNFUNDED',
    `${chain.me} cannot stake ${formatEther(amount)} NTK: it holds ${formatEther(held)} NTK and ${formatEther(eth)} ETH, and the stake is paid from it in NTK, its gas in ETH. Send it ${missing.join(' and ')}, then run this command again.`,
  )
}

const askOptions = {
  price: { type: 'string' },
  capacity: { type: 'string' },
  cancel: { type: 'boolean' },
} as const satisfies FlagSpec

async function askCommand(
  values: FlagValues<typeof askOptions & typeof commonFlags>,
  _: string[],
  { out, env }: Context,
): Promise<number> {
  refuseTogether(
    values,
    'cancel',
    ['price', 'capacity'],
    '--cancel takes the ask out of the book, while --price and --capacity place one; give one or the other',
  )
  if (values.cancel) {
    const { chain } = await connect(env)
    await confirm(chain, await cancelAsk(chain.walletClient, { kind: 'GENERATE' }))
    out.print('Ask cancelled.', { cancelled: true })
    return 0
  }
  // Checked before anything is sent: the price is saved in the config, where `start` refuses
  // one outside [EXECUTOR_ASK_MIN, EXECUTOR_ASK_MAX].
  const config = loadExecutorConfig(env)
  const priceTick = int(values.price, 'price', 1, 2 ** 24 - 1) ?? config.ask.priceTick
  const capacity = int(values.capacity, 'capacity', 1, 1000) ?? config.capacity
  const { minTick, maxTick } = config.ask
  if (priceTick < minTick || priceTick > maxTick) {
    const [side, name, bound, change] =
      priceTick < minTick ? ['below', 'EXECUTOR_ASK_MIN', minTick, 'lower'] : ['above', 'EXECUTOR_ASK_MAX', maxTick, 'raise']
    throw new UsageError(
      `--price ${priceTick} is ${side} ${name}=${bound}, and the daemon would refuse to start with it. Give a price from ${minTick} to ${maxTick}, or first ${change} ${name} in ${defaultConfigPath(env)} or the environment.`,
    )
  }
  const chain = await createChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, account: config.account })
  await confirm(chain, await placeAsk(chain.walletClient, { kind: 'GENERATE', priceTick, capacity }))
  // The daemon places its ask from the config at start and whenever its capacity changes: without
  // this, `start` would silently replace the ask just placed with the configured one.
  const configPath = defaultConfigPath(env)
  const saved = saveAskSettings(configPath, { priceTick, capacity })
  out.print(
    `Ask placed: ${priceTick} ticks per unit, capacity ${capacity} tasks.${saved ? ` Saved in ${configPath}: a daemon started from it uses it, while one already running puts its own ask back until you restart it.` : ''}`,
    { priceTick, capacity, savedTo: saved ? configPath : null },
  )
  return 0
}

/** Writes the ask's price and capacity into the config file, if there is one; true when written. */
function saveAskSettings(path: string, ask: { priceTick: number; capacity: number }): boolean {
  if (!existsSync(path)) return false
  const settings = readConfigFile(path)
  settings.EXECUTOR_ASK_PRICE = String(ask.priceTick)
  settings.EXECUTOR_CAPACITY = String(ask.capacity)
  writePrivateFile(path, `${JSON.stringify(settings, null, 2)}\n`)
  return true
}

async function statusCommand(_values: FlagValues<typeof commonFlags>, _: string[], { out, env, hint }: Context): Promise<number> {
  const { config, chain } = await connect(env)
  const read = readContractOf(chain)
  const [node, free, ask, minCollateral, unbondingDelay, credits, balance, block] = (await Promise.all([
    read('registry', 'getNode', [chain.me]),
    read('registry', 'freeStake', [chain.me]),
    read('market', 'getAsk', [chain.me, 0]),
    read('market', 'minCollateral', [0]),
    read('registry', 'unbondingDelay', []),
    read('market', 'credits', [chain.me]),
    read('token', 'balanceOf', [chain.me]),
    chain.publicClient.getBlock(),
  ])) as [
    {
      registered: boolean
      stake: bigint
      unbonding: bigint
      unbondingReadyAt: bigint
      reputation: { tasksCompleted: bigint; tasksFailed: bigint; timesSlashed: bigint }
    },
    bigint,
    { active: boolean; priceTick: number; capacity: number; inFlight: number },
    bigint,
    bigint,
    bigint,
    bigint,
    { timestamp: bigint },
  ]
  const work = await daemonWork(config)
  // The daemon lists its assignments until their result is on the chain; the rest (results
  // waiting out their window above all, which hold ask capacity) are read from the chain.
  const listed = new Set((work ?? []).map((p) => p.assignmentId))
  const assignments = (await readOwnAssignments(read, chain.me, config.dataDir)).filter((a) => !listed.has(a.assignmentId))
  const data: NodeStatus = {
    executor: chain.me,
    chainId: chain.chainId,
    registered: node.registered,
    stake: node.stake,
    freeStake: free,
    unbonding: node.unbonding,
    // The registry keeps the last ready time after a withdrawal: nothing unbonding, no time.
    unbondingReadyAt: node.unbonding > 0n ? node.unbondingReadyAt : null,
    unbondingDelay,
    reputation: node.reputation,
    ask,
    configuredCapacity: config.capacity,
    askBacking: ask.active ? askBacking(ask, free, minCollateral) : null,
    minCollateral,
    credits,
    balance,
    lifetime: await readLifetimeTotals(chain, chain.me, {
      pageBlocks: config.logPageBlocks,
      confirmations: config.confirmations,
      cachePath: join(config.dataDir, 'lifetime.json'),
    }),
    dataDir: config.dataDir,
    work,
    assignments,
    chainTime: block.timestamp,
  }
  out.print(formatStatus(data, hint), data)
  return 0
}

/** The running daemon's own assignments and their progress (its GET /status); null when it does not answer. */
async function daemonWork(config: ExecutorConfig): Promise<AssignmentProgress[] | null> {
  if (config.metricsPort === undefined || config.metricsPort === 0) return null
  const host = ['0.0.0.0', '::'].includes(config.metricsHost) ? '127.0.0.1' : config.metricsHost
  try {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.metricsPort}/status`, {
      signal: AbortSignal.timeout(2_000),
    })
    return response.ok ? parseExecutorStatus(await response.text()).assignments : null
  } catch {
    return null // not running: the chain's view above is all there is
  }
}

async function withdrawCommand(_values: FlagValues<typeof commonFlags>, _: string[], { out, env }: Context): Promise<number> {
  const { chain } = await connect(env)
  let sent: Awaited<ReturnType<typeof withdraw>>
  try {
    sent = await withdraw(chain.walletClient)
  } catch (error) {
    // Nothing to withdraw is an answer, not a failure (a script withdrawing after each payout
    // must not stop on it); the revert of the simulation says so before anything is sent.
    if (revertOf(error)?.name !== 'NothingToWithdraw') throw error
    out.print('Nothing to withdraw (0 NTK in market credits).', { amount: 0n })
    return 0
  }
  await confirm(chain, sent.hash)
  out.print(`Withdrew ${formatEther(sent.amount)} NTK.`, { amount: sent.amount })
  return 0
}

const unstakeOptions = { withdraw: { type: 'boolean' } } as const satisfies FlagSpec

async function unstakeCommand(
  values: FlagValues<typeof unstakeOptions & typeof commonFlags>,
  positionals: string[],
  { out, env, hint }: Context,
): Promise<number> {
  refuseTogether(
    { ...values, '<amount>': positionals[0] },
    'withdraw',
    ['<amount>'],
    '--withdraw takes out all stake whose unbonding delay is over, while an amount starts unbonding more; run them one at a time',
  )
  // Checked before connecting: a bad amount is the operator's to fix, whatever the RPC does.
  const amount = values.withdraw ? undefined : ntk(positionals[0])
  const { chain } = await connect(env)
  if (amount === undefined) {
    const { hash, amount: withdrawn } = await withdrawUnbonded(chain.walletClient)
    await confirm(chain, hash)
    out.print(`Withdrew ${formatEther(withdrawn)} NTK of unbonded stake.`, { amount: withdrawn })
    return 0
  }
  await confirm(chain, await requestUnbond(chain.walletClient, { amount }))
  const read = readContractOf(chain)
  const [node, delay, free, ask, minCollateral, block] = (await Promise.all([
    read('registry', 'getNode', [chain.me]),
    read('registry', 'unbondingDelay', []),
    read('registry', 'freeStake', [chain.me]),
    read('market', 'getAsk', [chain.me, 0]),
    read('market', 'minCollateral', [0]),
    chain.publicClient.getBlock(),
  ])) as [
    { unbonding: bigint; unbondingReadyAt: bigint },
    bigint,
    bigint,
    { active: boolean; capacity: number; inFlight: number },
    bigint,
    { timestamp: bigint },
  ]
  // The registry makes all unbonding stake wait for the latest request (INodeRegistry.requestUnbond).
  const total =
    node.unbonding > amount ? ` (${formatEther(node.unbonding)} NTK unbonding in all: the delay restarts for all of it)` : ''
  const warnings: string[] = []
  // An ask whose open slots free stake no longer backs stays in the book, looking live, while the
  // market matches it with fewer tasks or none (see askBacking). (Without an ask, `start` itself
  // refuses a node whose stake cannot back one, naming what to stake.)
  const backing = ask.active ? askBacking(ask, free, minCollateral) : null
  if (backing && backing.backed < backing.open) {
    const smaller = ask.inFlight + backing.backed
    warnings.push(
      `the ask (capacity ${ask.capacity}, ${ask.inFlight} in flight) needs ${formatEther(backing.required)} NTK of free stake (${formatEther(minCollateral)} NTK for each of its ${backing.open} open slots) and ${formatEther(free)} NTK is left, which backs ${backing.backed} of them: the market gives it ${backing.backed === 0 ? 'no new task, though it stays in the book' : `at most ${backing.backed} new task${backing.backed === 1 ? '' : 's'}`}. Run \`${hint('stake', formatEther(backing.required - free))}\` to back it${smaller > 0 ? `, or \`${hint('ask', `--capacity ${smaller}`)}\` for an ask it backs` : `, or \`${hint('ask', '--cancel')}\``}.`,
    )
  }
  out.print(
    `Unbonding ${formatEther(amount)} NTK${total}. The registry's unbonding delay is ${formatDuration(delay)}: run \`${hint('unstake', '--withdraw')}\` from ${formatWhen(node.unbondingReadyAt, block.timestamp)}.${warnings.map((w) => `\nWarning: ${w}`).join('')}`,
    {
      unbonding: amount,
      unbondingTotal: node.unbonding,
      unbondingReadyAt: node.unbondingReadyAt,
      unbondingDelay: delay,
      freeStake: free,
      askBacking: backing,
      warnings,
    },
  )
  return 0
}

const startOptions = { cheat: { type: 'string' } } as const satisfies FlagSpec

async function startCommand(
  values: FlagValues<typeof startOptions & typeof commonFlags>,
  _: string[],
  { env, hint }: Context,
): Promise<number> {
  if (values.cheat !== undefined && values.cheat !== 'wrong-shard')
    throw new UsageError('--cheat takes only "wrong-shard" (tests only)')
  const config = loadExecutorConfig(env)
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'executor' } })
  // Exits the process once the registry is done, except after a failed start: then the error is
  // printed first (runNeuroExecutor) and the process exits 1 below.
  let exitOnShutdown = true
  const shutdown = createShutdown({
    logger,
    graceMs: 30_000,
    exit: (code) => {
      if (exitOnShutdown) process.exit(code)
    },
  })
  for (const warning of setupWarnings(config)) logger.warn({ msg: warning })
  try {
    const { startExecutor } = await import('../startExecutor')
    await startExecutor({ config, logger, shutdown, hint, cheat: values.cheat as 'wrong-shard' | undefined })
  } catch (error) {
    // Close what did start (the content store holds the process open) so a supervisor sees the
    // failure and restarts or alerts, instead of a process that sits idle and later exits 0.
    exitOnShutdown = false
    await shutdown.shutdown('startup failed', 1)
    shutdown.dispose()
    // Whatever still holds the event loop (a stuck close past the grace) must not keep it alive.
    setTimeout(() => process.exit(1), 1_000).unref()
    throw error
  }
  return new Promise<number>(() => {}) // the shutdown registry exits the process
}

/** A command: its flags (besides the common ones), the arguments it takes, and what it does. */
type Command = {
  flags: FlagSpec
  positionals?: { max: number; name: string }
  run: (values: Record<string, string | boolean | undefined>, positionals: string[], context: Context) => Promise<number>
}

function command<F extends FlagSpec>(
  flags: F,
  run: (values: FlagValues<F & typeof commonFlags>, positionals: string[], context: Context) => Promise<number>,
  positionals?: { max: number; name: string },
): Command {
  return { flags, positionals, run: run as Command['run'] }
}

/** `stake` and `unstake` take one argument: the amount of NTK. */
const anAmount = { max: 1, name: 'amount' }

const COMMANDS: Record<string, Command> = {
  init: command(initOptions, init),
  register: command(registerOptions, registerCommand),
  stake: command({}, stakeCommand, anAmount),
  ask: command(askOptions, askCommand),
  start: command(startOptions, startCommand),
  status: command({}, statusCommand),
  withdraw: command({}, withdrawCommand),
  unstake: command(unstakeOptions, unstakeCommand, anAmount),
}

/**
 * The environment a command reads its settings from: --config names the config file, like
 * EXECUTOR_CONFIG. A file named on the command line must exist, except for init, which writes it.
 */
function settingsEnv(env: NodeJS.ProcessEnv, config: string | undefined, name: string): NodeJS.ProcessEnv {
  if (config === undefined) return env
  const path = resolve(config)
  if (name !== 'init' && !existsSync(path))
    throw new UsageError(
      `--config ${config}: the config file ${path} does not exist; run \`neuro-executor init --config ${config}\` to write it, or give the path of your config file`,
    )
  // Checked here, where the flag is known: the config loader would name EXECUTOR_CONFIG instead.
  if (name !== 'init' && isDirectory(path))
    throw new UsageError(
      `--config ${config}: ${path} is a directory; give the config file itself, e.g. --config ${shellQuote(join(path, 'config.json'))} (\`neuro-executor init\` writes <data dir>/config.json)`,
    )
  return { ...env, EXECUTOR_CONFIG: path }
}

/**
 * Runs `neuro-executor <argv>` with settings from `env`; returns the exit code (0 ok, 1 failure,
 * 2 usage). Never throws. A usage error is one line and a pointer to the command's --help.
 */
export async function runNeuroExecutor(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return name === undefined ? 2 : 0
  }
  const cmd = COMMANDS[name]
  if (!cmd) {
    process.stderr.write(`neuro-executor: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}\n\n${USAGE}\n`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${HELP[name]}\n${COMMON_HELP}\n`)
    return 0
  }
  const out = output(rest.includes('--json'))
  try {
    const { values, positionals } = parseCommandArgs(rest, cmd.flags, cmd.positionals)
    const settings = settingsEnv(env, values.config, name)
    const hint = commandHint(defaultConfigPath(settings), env)
    return await cmd.run(values, positionals, { out, env: settings, givenEnv: env, hint })
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`neuro-executor ${name}: ${error.message}\nRun \`neuro-executor ${name} --help\` for its usage.\n`)
      return 2
    }
    const message = error instanceof BaseError ? error.message : describeError(error)
    if (out.json) process.stdout.write(`${JSON.stringify({ error: message })}\n`)
    process.stderr.write(`neuro-executor ${name}: ${message}\n`)
    return 1
  }
}
