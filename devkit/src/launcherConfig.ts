// The launcher's one reader of process.env (`npm start`): ports, chain and optional external RPC,
// validated up front so a typo fails before anything starts. See .env.example at the repo root.
import { isAbsolute, join } from 'node:path'
import { repoRoot } from '../foundry'
import { LauncherError } from './LauncherError'

export const launcherServices = ['signer', 'indexer', 'dapp'] as const
export type LauncherService = (typeof launcherServices)[number]

export type LauncherConfig = {
  /** Everything binds to loopback: this is a developer platform, not a deployment. */
  host: '127.0.0.1'
  /** Undefined only with an external RPC_URL and no CHAIN_ID: then it is read from the node. */
  chainId: number | undefined
  /** Set when RPC_URL names an external chain: no anvil, no deploy. */
  externalRpcUrl: string | undefined
  ports: { anvil: number; signer: number; indexer: number; dapp: number }
  /** Passed to the indexer as is; unset means embedded PGlite. */
  databaseUrl: string | undefined
  /** Default (when undefined): neuro_<chainId>. The indexer clears it itself when the chain behind the id changes. */
  databaseSchema: string | undefined
  /** Default (when undefined): .ponder/pglite-<chainId>, so a test chain never touches `npm start`'s database. */
  pgliteDir: string | undefined
  skip: ReadonlySet<LauncherService>
  logDir: string
  /** How long each service may take to become ready. */
  readyTimeoutMs: number
  /** How long a service may take to exit after SIGTERM before its process group is killed. */
  stopGraceMs: number
  /** The environment the config was read from; children inherit it (e.g. SIGNER_PRIVATE_KEY). */
  baseEnv: NodeJS.ProcessEnv
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, what: string): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LauncherError(`${name}=${JSON.stringify(raw)} is not ${what}; unset it for the default ${fallback}.`)
  }
  return value
}

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number) =>
  integer(env, name, fallback, 1, 65_535, 'a TCP port (1-65535)')

export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const externalRpcUrl = env.RPC_URL?.trim() || undefined
  if (externalRpcUrl && !/^https?:\/\/[^\s]+$/.test(externalRpcUrl)) {
    throw new LauncherError(`RPC_URL=${JSON.stringify(externalRpcUrl)} must be an http(s) JSON-RPC URL (or unset it to start a local anvil).`)
  }
  const chainId = env.CHAIN_ID?.trim() || !externalRpcUrl
    ? integer(env, 'CHAIN_ID', 31337, 1, 2 ** 53 - 1, 'a positive integer chain id')
    : undefined
  const ports = {
    anvil: port(env, 'ANVIL_PORT', 8545),
    signer: port(env, 'SIGNER_PORT', 8787),
    indexer: port(env, 'PONDER_PORT', 42069),
    dapp: port(env, 'DAPP_PORT', 5173),
  }
  const used = Object.entries(ports).filter(([name]) => !(externalRpcUrl && name === 'anvil'))
  for (const [name, value] of used) {
    const clash = used.find(([other, otherValue]) => other !== name && otherValue === value)
    if (clash) throw new LauncherError(`${name} and ${clash[0]} are both set to port ${value}; give each service its own port.`)
  }

  const skip = new Set<LauncherService>()
  for (const raw of (env.LAUNCH_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(launcherServices as readonly string[]).includes(raw)) {
      throw new LauncherError(`LAUNCH_SKIP names unknown service "${raw}"; use a comma-separated subset of ${launcherServices.join(', ')}.`)
    }
    skip.add(raw as LauncherService)
  }

  const logDir = env.LAUNCH_LOG_DIR?.trim() || join('.data', 'logs')
  return {
    host: '127.0.0.1',
    chainId,
    externalRpcUrl,
    ports,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    pgliteDir: env.PGLITE_DIR?.trim() || undefined,
    skip,
    logDir: isAbsolute(logDir) ? logDir : join(repoRoot, logDir),
    readyTimeoutMs: integer(env, 'LAUNCH_READY_TIMEOUT_S', 180, 5, 3_600, 'a number of seconds (5-3600)') * 1000,
    stopGraceMs: integer(env, 'LAUNCH_STOP_GRACE_S', 10, 1, 120, 'a number of seconds (1-120)') * 1000,
    baseEnv: env,
  }
}
