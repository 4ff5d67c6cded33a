// The executor's one reader of its settings: a JSON config file (written by `neuro-executor init`,
// holding the same variable names as the environment) under the environment, which wins. The key
// is never in the config file: it comes from EXECUTOR_PRIVATE_KEY or a separate owner-only key
// file (EXECUTOR_KEY_FILE). Everything is validated at once and a bad value fails with a line
// naming the variable, the problem and the fix.
import { existsSync, readFileSync, type Stats, statSync } from 'node:fs'
import { availableParallelism, homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { ConfigError, env, type LogLevel, loadConfig as loadEnv, logLevels } from '@neuromation/runtime'
import type { Hex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'

/** How the ask price is chosen. */
export type AskStrategyName = 'fixed' | 'adaptive'

export type ExecutorConfig = {
  rpcUrl: string
  /** Expected chain id; checked against the RPC at start. Undefined: whatever the RPC says. */
  chainId: number | undefined
  /** The executor's key, inside a viem account (which does not expose it to logs). */
  account: PrivateKeyAccount
  dataDir: string
  /** Content store: 'embedded' (a Helia node in the data dir) or a Kubo RPC URL. */
  ipfs: string
  /** Content nodes to dial (multiaddrs with /p2p/<peer id>). */
  ipfsPeers: string[]
  /** An HTTP gateway to read others' results from when no peer has them (audits); undefined: none. */
  ipfsGateway: string | undefined
  confirmations: number
  /** Tasks the executor runs at once (its ask's capacity). */
  capacity: number
  /**
   * The longest a replica assignment may keep this node's collateral locked (seconds from when it
   * is handed out to its deadline): its group resolves only when every replica committed or the
   * commit deadline passed, so a job with a very long time per task and one replica that never
   * commits would lock it that long. A longer one is declined while that is free.
   */
  maxReplicaWaitSeconds: number
  /** Compute units per second `neuro-executor init` measured (what `register` declares); undefined: not measured. */
  unitsPerSecond: number | undefined
  ask: { strategy: AskStrategyName; priceTick: number; minTick: number; maxTick: number }
  /** Port of the Prometheus /metrics endpoint; undefined: no endpoint. 0 picks a free port. */
  metricsPort: number | undefined
  metricsHost: string
  /** Sandbox worker threads. */
  workers: number
  pollIntervalMs: number
  /** Most blocks one eth_getLogs call covers while catching up. */
  logPageBlocks: number
  /** Recompute others' optimistic results when idle and challenge mismatches. */
  audit: boolean
  /** Volunteer as verifier on open challenges. */
  verify: boolean
  /**
   * Cancel the ask when the daemon stops, so the market stops assigning tasks a stopped node
   * would miss and be slashed for (false: leave it, e.g. for a restart within a deadline).
   */
  cancelAskOnStop: boolean
  /** Withdraw market credits once they reach this (wei NTK); undefined: never automatically. */
  autoWithdrawMin: bigint | undefined
  fetchTimeoutMs: number
  logLevel: LogLevel
}

/** Where the config file is: EXECUTOR_CONFIG, else <EXECUTOR_DATA_DIR or ~/.neuro-executor>/config.json. */
export function defaultConfigPath(source: NodeJS.ProcessEnv = process.env): string {
  return resolve(source.EXECUTOR_CONFIG || join(source.EXECUTOR_DATA_DIR || join(homedir(), '.neuro-executor'), 'config.json'))
}

const configErrorTitle = 'Invalid executor configuration (see executor/.env.example)'
const maxTick = 2 ** 24 - 1
const tick = (fallback: number) =>
  env.int({ min: 1, max: maxTick, default: fallback, hint: 'a price tick: 1 tick = 1e9 wei NTK per compute unit' })

const schema = z
  .object({
    EXECUTOR_RPC_URL: env.url({ protocols: ['http', 'https', 'ws', 'wss'], hint: 'the JSON-RPC endpoint of the chain' }),
    EXECUTOR_CHAIN_ID: env.int({ min: 1, optional: true }),
    EXECUTOR_PRIVATE_KEY: env.privateKey({ optional: true, hint: 'or EXECUTOR_KEY_FILE, a file readable by you only' }),
    EXECUTOR_KEY_FILE: env.string({ optional: true, expected: 'the path of a file holding the key (mode 0600)' }),
    EXECUTOR_DATA_DIR: env.string({ default: join(homedir(), '.neuro-executor') }),
    EXECUTOR_IPFS: env.custom<string, { default: string }>(
      {
        expected: '"embedded" or a Kubo RPC URL like http://127.0.0.1:5001',
        example: 'embedded',
        parse: (raw) =>
          raw === 'embedded' || /^https?:\/\/\S+$/.test(raw)
            ? { value: raw }
            : { problem: 'is neither "embedded" nor an http(s) URL' },
      },
      { default: 'embedded' },
    ),
    EXECUTOR_IPFS_PEERS: env.custom(
      {
        expected: 'a comma-separated list of multiaddrs with /p2p/<peer id>',
        example: '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...',
        format: (peers: string[]) => peers.join(','),
        parse: (raw) => {
          const peers = raw
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
          const bad = peers.find((p) => !/^\/(ip4|ip6|dns4|dns6|dns)\/.+\/p2p\/\w+$/.test(p))
          return bad ? { problem: `has "${bad}", which is not a multiaddr ending in /p2p/<peer id>` } : { value: peers }
        },
      },
      {
        default: [],
        hint: 'the platform IPFS node\'s multiaddr: the "IPFS peer" line `npm start` prints, or one `ipfs id` lists on that node',
      },
    ),
    EXECUTOR_IPFS_GATEWAY: env.url({
      optional: true,
      hint: 'the platform gateway, used to read results of other nodes for audits',
    }),
    EXECUTOR_CONFIRMATIONS: env.int({ min: 0, max: 256, default: 2 }),
    EXECUTOR_CAPACITY: env.int({ min: 1, max: 1000, default: 4 }),
    // Seconds; 7 days by default. A replica's collateral is locked until its group resolves.
    EXECUTOR_MAX_REPLICA_WAIT_S: env.int({ min: 60, max: 2 ** 40, default: 604_800 }),
    EXECUTOR_UNITS_PER_SECOND: env.int({ min: 1, optional: true, hint: 'measured by `neuro-executor init`' }),
    EXECUTOR_ASK_STRATEGY: env.oneOf(['fixed', 'adaptive'], { default: 'fixed' }),
    EXECUTOR_ASK_PRICE: tick(100),
    EXECUTOR_ASK_MIN: tick(10),
    EXECUTOR_ASK_MAX: tick(10_000),
    EXECUTOR_METRICS_PORT: env.port({ allowZero: true, optional: true }),
    EXECUTOR_METRICS_HOST: env.string({ default: '127.0.0.1' }),
    EXECUTOR_WORKERS: env.int({ min: 1, max: 256, default: Math.max(1, Math.min(4, availableParallelism())) }),
    EXECUTOR_POLL_INTERVAL: env.durationMs({ min: 50, max: 600_000, default: 2_000 }),
    EXECUTOR_LOG_PAGE_BLOCKS: env.int({ min: 1, max: 100_000, default: 2_000 }),
    EXECUTOR_AUDIT: env.boolean({ default: true }),
    EXECUTOR_VERIFY: env.boolean({ default: true }),
    EXECUTOR_CANCEL_ASK_ON_STOP: env.boolean({ default: true }),
    EXECUTOR_AUTO_WITHDRAW_NTK: env.int({ min: 0, optional: true, hint: 'whole NTK; unset never withdraws by itself' }),
    // At most 10 minutes, like IPFS_FETCH_TIMEOUT: timers and AbortSignal.timeout overflow past 2^31 ms.
    EXECUTOR_FETCH_TIMEOUT: env.durationMs({ min: 1_000, max: 600_000, default: 60_000 }),
    EXECUTOR_LOG_LEVEL: env.oneOf(logLevels, { default: 'info' }),
  })
  .superRefine((v, ctx) => {
    if (!v.EXECUTOR_PRIVATE_KEY && !v.EXECUTOR_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        message:
          'No executor key: set EXECUTOR_KEY_FILE to a file holding the key (mode 0600; `neuro-executor init` writes one) or EXECUTOR_PRIVATE_KEY.',
      })
    }
    if (v.EXECUTOR_ASK_MIN > v.EXECUTOR_ASK_MAX) {
      ctx.addIssue({
        code: 'custom',
        message: `EXECUTOR_ASK_MIN=${v.EXECUTOR_ASK_MIN} is above EXECUTOR_ASK_MAX=${v.EXECUTOR_ASK_MAX}; lower the minimum or raise the maximum.`,
      })
    } else if (v.EXECUTOR_ASK_PRICE < v.EXECUTOR_ASK_MIN || v.EXECUTOR_ASK_PRICE > v.EXECUTOR_ASK_MAX) {
      ctx.addIssue({
        code: 'custom',
        message: `EXECUTOR_ASK_PRICE=${v.EXECUTOR_ASK_PRICE} is outside [EXECUTOR_ASK_MIN, EXECUTOR_ASK_MAX] = [${v.EXECUTOR_ASK_MIN}, ${v.EXECUTOR_ASK_MAX}]; move it inside.`,
      })
    }
  })

/** The variables the file may hold (everything but the raw key). */
export const configVariables = Object.keys(schema.shape).filter((name) => name !== 'EXECUTOR_PRIVATE_KEY')

/**
 * Reads the config file: a JSON object of variable names to values. Missing file: {} (whether
 * that is allowed is loadExecutorConfig's decision). A directory, an unreadable file or one that
 * is not a JSON object of known settings: a ConfigError naming the path and the fix.
 */
export function readConfigFile(path: string): Record<string, string> {
  let stat: Stats | undefined
  try {
    stat = statSync(path, { throwIfNoEntry: false })
  } catch (error) {
    // A parent that is a file (ENOTDIR) or a directory this user may not enter (EACCES).
    throw new ConfigError(`The config file ${path} cannot be read (${(error as Error).message}); check EXECUTOR_CONFIG.`)
  }
  if (stat === undefined) return {}
  if (stat.isDirectory()) {
    throw new ConfigError(
      `The config file ${path} is a directory; point EXECUTOR_CONFIG at the file itself (\`neuro-executor init\` writes <data dir>/config.json, here ${join(path, 'config.json')}).`,
    )
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`The config file ${path} cannot be read (${(error as Error).message}); fix its permissions or owner.`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(
      `The config file ${path} is not valid JSON (${(error as Error).message}); fix it or run \`neuro-executor init --force\`.`,
    )
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`The config file ${path} must hold a JSON object of settings; run \`neuro-executor init --force\`.`)
  }
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'EXECUTOR_PRIVATE_KEY') {
      throw new ConfigError(
        `The config file ${path} holds EXECUTOR_PRIVATE_KEY; move the key to a 0600 file named by EXECUTOR_KEY_FILE and remove it from the config.`,
      )
    }
    if (!configVariables.includes(name)) {
      throw new ConfigError(`The config file ${path} has an unknown setting "${name}"; known: ${configVariables.join(', ')}.`)
    }
    out[name] = String(value)
  }
  return out
}

/** The key in an owner-only key file (EXECUTOR_KEY_FILE), or a ConfigError saying what is wrong and the fix. */
export function readKeyFile(path: string): Hex {
  const file = resolve(path)
  if (!existsSync(file))
    throw new ConfigError(
      `EXECUTOR_KEY_FILE=${JSON.stringify(path)} does not exist; run \`neuro-executor init\` or point it at your key file.`,
    )
  const mode = statSync(file).mode & 0o777
  if (mode & 0o077) {
    throw new ConfigError(
      `EXECUTOR_KEY_FILE=${JSON.stringify(path)} is readable by others (mode ${mode.toString(8)}); run \`chmod 600 ${file}\`.`,
    )
  }
  const key = readFileSync(file, 'utf8').trim()
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new ConfigError(
      `EXECUTOR_KEY_FILE=${JSON.stringify(path)} does not hold a 32-byte hex private key (0x + 64 hex digits).`,
    )
  }
  return key as Hex
}

/**
 * The executor's configuration from the config file (EXECUTOR_CONFIG, default
 * <data dir>/config.json) and the environment, which wins. Throws one ConfigError naming every problem.
 *
 * Without a config file every setting comes from the environment. A file EXECUTOR_CONFIG names
 * that does not exist is then the error to report, not the settings the environment lacks: unless
 * the environment alone is a complete configuration (`npm start` runs its executors so, with
 * EXECUTOR_CONFIG naming the file `ask` would save to).
 */
export function loadExecutorConfig(source: NodeJS.ProcessEnv = process.env): ExecutorConfig {
  const path = defaultConfigPath(source)
  const file = readConfigFile(path)
  if (existsSync(path)) return parseExecutorConfig({ ...file, ...source })
  try {
    return parseExecutorConfig(source)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    if (source.EXECUTOR_CONFIG) {
      throw new ConfigError(
        `The config file ${path} (EXECUTOR_CONFIG) does not exist; run \`neuro-executor init\` to write it there, or point EXECUTOR_CONFIG at your config file.`,
      )
    }
    throw new ConfigError(
      [
        `No config file at ${path}, so every setting must come from the environment: run \`neuro-executor init\` to write one, or set EXECUTOR_CONFIG to yours.`,
        ...error.issues,
      ],
      { title: configErrorTitle },
    )
  }
}

/**
 * The executor's configuration from these settings alone (no config file is read): what `init`
 * checks before it writes anything. Throws one ConfigError naming every problem.
 */
export function parseExecutorConfig(settings: NodeJS.ProcessEnv): ExecutorConfig {
  const v = loadEnv(schema, settings, { title: configErrorTitle })
  const key = v.EXECUTOR_PRIVATE_KEY ?? readKeyFile(v.EXECUTOR_KEY_FILE as string)
  return {
    rpcUrl: v.EXECUTOR_RPC_URL,
    chainId: v.EXECUTOR_CHAIN_ID,
    account: privateKeyToAccount(key),
    dataDir: resolve(v.EXECUTOR_DATA_DIR),
    ipfs: v.EXECUTOR_IPFS,
    ipfsPeers: v.EXECUTOR_IPFS_PEERS,
    ipfsGateway: v.EXECUTOR_IPFS_GATEWAY,
    confirmations: v.EXECUTOR_CONFIRMATIONS,
    capacity: v.EXECUTOR_CAPACITY,
    maxReplicaWaitSeconds: v.EXECUTOR_MAX_REPLICA_WAIT_S,
    unitsPerSecond: v.EXECUTOR_UNITS_PER_SECOND,
    ask: {
      strategy: v.EXECUTOR_ASK_STRATEGY,
      priceTick: v.EXECUTOR_ASK_PRICE,
      minTick: v.EXECUTOR_ASK_MIN,
      maxTick: v.EXECUTOR_ASK_MAX,
    },
    metricsPort: v.EXECUTOR_METRICS_PORT,
    metricsHost: v.EXECUTOR_METRICS_HOST,
    workers: v.EXECUTOR_WORKERS,
    pollIntervalMs: v.EXECUTOR_POLL_INTERVAL,
    logPageBlocks: v.EXECUTOR_LOG_PAGE_BLOCKS,
    audit: v.EXECUTOR_AUDIT,
    verify: v.EXECUTOR_VERIFY,
    cancelAskOnStop: v.EXECUTOR_CANCEL_ASK_ON_STOP,
    autoWithdrawMin: v.EXECUTOR_AUTO_WITHDRAW_NTK === undefined ? undefined : BigInt(v.EXECUTOR_AUTO_WITHDRAW_NTK) * 10n ** 18n,
    fetchTimeoutMs: v.EXECUTOR_FETCH_TIMEOUT,
    logLevel: v.EXECUTOR_LOG_LEVEL,
  }
}
