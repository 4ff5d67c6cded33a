// Ponder caches RPC data (logs, blocks, eth_call results) per chain id in its `ponder_sync`
// schema and resumes an app schema from its last checkpoint. Both are wrong once the chain behind
// the same chain id is replaced (a fresh anvil on every `npm start`): this detects that case by
// the genesis hash and clears what belongs to the old chain before Ponder starts.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import pg from 'pg'
import type { IndexerConfig } from '../src/config'
import type { ChainFingerprint } from './chainFingerprint'

export type ResetOutcome = { reset: boolean; reason: string }

const sameChain = (a: ChainFingerprint, b: ChainFingerprint) =>
  a.chainId === b.chainId && a.genesisHash.toLowerCase() === b.genesisHash.toLowerCase()

/** PGlite: the whole directory belongs to this indexer; wipe it when it indexed another chain. */
function resetStalePglite(directory: string, current: ChainFingerprint): ResetOutcome {
  const markerFile = `${directory}.chain.json`
  const hasData = existsSync(directory)
  const previous = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, 'utf8')) as ChainFingerprint) : undefined
  let outcome: ResetOutcome = { reset: false, reason: hasData ? 'same chain as before' : 'new database' }
  if (hasData && (!previous || !sameChain(previous, current))) {
    rmSync(directory, { recursive: true, force: true })
    outcome = {
      reset: true,
      reason: previous
        ? `chain changed (genesis ${previous.genesisHash} -> ${current.genesisHash})`
        : 'database from an unknown chain (no fingerprint)',
    }
  }
  mkdirSync(dirname(markerFile), { recursive: true })
  writeFileSync(markerFile, `${JSON.stringify(current, null, 2)}\n`)
  return outcome
}

const META_SCHEMA = 'neuro_indexer'

/**
 * PostgreSQL: the fingerprint lives in `neuro_indexer.chain_fingerprint`. On a change, rows of
 * that chain id are deleted from every `ponder_sync` table that has a chain_id column and the app
 * schema is dropped; other chains and other apps' schemas are left alone.
 */
async function resetStalePostgres(
  connectionString: string,
  appSchema: string,
  current: ChainFingerprint,
): Promise<ResetOutcome> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query('BEGIN')
    // Serialises concurrent starts against the same database.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [META_SCHEMA])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.chain_fingerprint (chain_id bigint PRIMARY KEY, genesis_hash text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    )
    const { rows } = await client.query<{ genesis_hash: string }>(
      `SELECT genesis_hash FROM ${META_SCHEMA}.chain_fingerprint WHERE chain_id = $1`,
      [current.chainId],
    )
    const previous = rows[0]?.genesis_hash
    let outcome: ResetOutcome = { reset: false, reason: 'same chain as before' }
    // No fingerprint yet counts as a change: whatever is cached may come from another chain.
    if (previous === undefined || previous.toLowerCase() !== current.genesisHash.toLowerCase()) {
      const { rows: syncTables } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'ponder_sync' AND column_name = 'chain_id'`,
      )
      for (const { table_name } of syncTables) {
        await client.query(`DELETE FROM ponder_sync."${table_name}" WHERE chain_id = $1`, [current.chainId])
      }
      await client.query(`DROP SCHEMA IF EXISTS "${appSchema}" CASCADE`)
      outcome = {
        reset: true,
        reason: previous ? `chain changed (genesis ${previous} -> ${current.genesisHash})` : 'no fingerprint for this chain yet',
      }
      await client.query(
        `INSERT INTO ${META_SCHEMA}.chain_fingerprint (chain_id, genesis_hash) VALUES ($1, $2)
         ON CONFLICT (chain_id) DO UPDATE SET genesis_hash = EXCLUDED.genesis_hash, updated_at = now()`,
        [current.chainId, current.genesisHash],
      )
    }
    await client.query('COMMIT')
    return outcome
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

/** Clears the database of data from a previous chain with the same id; see the file comment. */
export function resetStaleDatabase(config: IndexerConfig, current: ChainFingerprint): Promise<ResetOutcome> {
  return config.databaseUrl
    ? resetStalePostgres(config.databaseUrl, config.databaseSchema, current)
    : Promise.resolve(resetStalePglite(config.pgliteDir, current))
}
