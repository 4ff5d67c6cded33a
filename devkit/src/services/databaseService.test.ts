import { tmpdir } from 'node:os'
import { createLogger } from '@neuromation/runtime'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
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
})
