import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portInUse } from './portInUse'
import { startPostgres, type PostgresServer } from './startPostgres'

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('startPostgres (embedded PostgreSQL from npm)', () => {
  let server: PostgresServer
  beforeAll(async () => {
    server = await startPostgres({ logFile: join(tmpdir(), `devkit-postgres-test-${process.pid}.log`) })
  })
  afterAll(() => server?.stop())

  it('serves a real PostgreSQL on loopback, and creates owner-role databases', async () => {
    const [{ version }] = await query(server.adminUrl, 'select version()')
    expect(version).toMatch(/^PostgreSQL 18\./)
    const url = await server.createDatabase('devkit_test_a')
    expect(url).toMatch(new RegExp(`^postgresql://neuro:[0-9a-f]{32}@127\\.0\\.0\\.1:${server.port}/devkit_test_a$`))
    const [who] = await query(url, 'select current_user, current_database(), r.rolcreaterole, r.rolsuper from pg_roles r where r.rolname = current_user')
    // The owner may create the indexer's read-only role, but is no superuser.
    expect(who).toEqual({ current_user: 'neuro', current_database: 'devkit_test_a', rolcreaterole: true, rolsuper: false })
    await query(url, 'create table t (x int); insert into t values (1)')
    expect(await query(url, 'select x from t')).toEqual([{ x: 1 }])
    // A second database reuses the role; it starts empty.
    const other = await server.createDatabase('devkit_test_b')
    expect(await query(other, "select count(*)::int as n from information_schema.tables where table_name = 't'")).toEqual([{ n: 0 }])
  })

  it('refuses database names that are not plain identifiers', async () => {
    await expect(server.createDatabase('x; drop role neuro')).rejects.toThrow(/not a plain database name/)
  })

  it('stops fast, frees its port and removes its data directory', async () => {
    const dataDir = (await query(server.adminUrl, 'show data_directory'))[0].data_directory as string
    expect(existsSync(dataDir)).toBe(true)
    await server.stop()
    expect(await portInUse(server.port)).toBe(false)
    expect(existsSync(dataDir)).toBe(false)
    expect(await server.exited).toBe(0)
  })
})
