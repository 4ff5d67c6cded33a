// PGlite keeps the whole database, Ponder's RPC cache (`ponder_sync`) included, in one directory
// that belongs to this indexer alone. A fresh anvil reuses the chain id and the contract addresses,
// so that cache (and the app tables' checkpoint) would silently serve the previous chain. The
// directory is therefore tied to the chain's genesis hash and discarded, whole, when it changes:
// nothing inside Ponder's tables is edited. (PostgreSQL: one database per chain, see
// preparePostgres.ts.)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ChainFingerprint } from './chainFingerprint'

export type ResetOutcome = { reset: boolean; reason: string }

const sameChain = (a: ChainFingerprint, b: ChainFingerprint) =>
  a.chainId === b.chainId && a.genesisHash.toLowerCase() === b.genesisHash.toLowerCase()

/** Wipes `directory` when it holds another chain's data; records `current` beside it (`<dir>.chain.json`). */
export function resetStalePglite(directory: string, current: ChainFingerprint): ResetOutcome {
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
