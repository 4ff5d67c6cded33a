// The indexer's only reader of process.env: validated once, fails fast with what to fix.
// ponder.config.ts (loaded by Ponder) and bin/ponder.ts (the start wrapper) both call loadConfig().
// Ponder also executes every file under src/ as an indexing file; this one registers nothing.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isLocalChain } from '@neuromation/sdk'

export type IndexerConfig = {
  /** Chain to index; its deployment comes from @neuromation/sdk getDeployment(chainId). */
  chainId: number
  rpcUrl: string
  /** PostgreSQL connection string; undefined selects embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined
  pgliteDir: string
  /** Postgres schema holding this app's tables (Ponder's --schema). */
  databaseSchema: string
  port: number
  hostname: string
  /** How often Ponder polls the RPC for new blocks (ms). */
  pollingIntervalMs: number
}

/** Chains whose blocks come every few hundred ms from a local node: poll them quickly. */

const indexerRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  // Decimal digits only: Number() would also take '0x7a69', '1e3' or ' 8 '.
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a decimal integer in [${min}, ${max}]; unset it for ${fallback}.`)
  }
  return value
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} is not a URL (expected ${protocols.join(' or ')}//...).`)
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`)
  }
  return raw
}

/** Parses and validates the indexer's environment (see indexer/.env.example). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): IndexerConfig {
  const chainId = integer(env, 'CHAIN_ID', 31337, 1, 2 ** 53 - 1)
  const databaseSchema = env.DATABASE_SCHEMA || 'neuro'
  // Ponder caps schema names at 45 characters; a plain identifier avoids quoting surprises.
  if (!/^[a-z_][a-z0-9_]{0,44}$/.test(databaseSchema)) {
    throw new ConfigError(
      `DATABASE_SCHEMA=${JSON.stringify(databaseSchema)} must be lower-case letters, digits and _ (max 45, not starting with a digit).`,
    )
  }
  if (databaseSchema === 'ponder_sync' || databaseSchema === 'public') {
    throw new ConfigError(`DATABASE_SCHEMA=${databaseSchema} is reserved; pick another name, e.g. neuro.`)
  }
  return {
    chainId,
    rpcUrl: url(env, 'RPC_URL', 'http://127.0.0.1:8545', ['http:', 'https:', 'ws:', 'wss:'])!,
    databaseUrl: url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    pgliteDir: resolve(indexerRoot, env.PGLITE_DIR || '.ponder/pglite'),
    databaseSchema,
    port: integer(env, 'PONDER_PORT', 42069, 1, 65535),
    hostname: env.PONDER_HOST || '127.0.0.1',
    pollingIntervalMs: integer(env, 'POLLING_INTERVAL_MS', isLocalChain(chainId) ? 250 : 2_000, 50, 60_000),
  }
}
