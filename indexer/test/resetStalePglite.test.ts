import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resetStalePglite } from '../bin/resetStalePglite'

// PostgreSQL takes a database per chain instead (indexer.postgres.test.ts, against a real server).
describe('resetStalePglite', () => {
  const root = mkdtempSync(join(tmpdir(), 'neuro-reset-'))
  const dir = join(root, 'pglite')
  const chainA = { chainId: 31338, genesisHash: '0xaa' as const }
  const chainB = { chainId: 31338, genesisHash: '0xbb' as const }
  const seed = () => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'PG_VERSION'), '16')
  }
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('keeps nothing it cannot vouch for, keeps the same chain, and wipes when the chain changes', async () => {
    expect(resetStalePglite(dir, chainA)).toEqual({ reset: false, reason: 'new database' })
    expect(JSON.parse(readFileSync(`${dir}.chain.json`, 'utf8'))).toEqual(chainA)

    seed()
    expect(resetStalePglite(dir, chainA)).toEqual({ reset: false, reason: 'same chain as before' })
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true)

    const changed = resetStalePglite(dir, chainB)
    expect(changed).toEqual({ reset: true, reason: 'chain changed (genesis 0xaa -> 0xbb)' })
    expect(existsSync(dir)).toBe(false)
    expect(JSON.parse(readFileSync(`${dir}.chain.json`, 'utf8'))).toEqual(chainB)

    // Data without a fingerprint (an indexer run before this check existed) is not trusted.
    seed()
    rmSync(`${dir}.chain.json`)
    expect(resetStalePglite(dir, chainB)).toMatchObject({ reset: true })
    expect(existsSync(dir)).toBe(false)
  })
})
