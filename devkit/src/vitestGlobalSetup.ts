// vitest global setup: one embedded PostgreSQL server for the whole test run, so every suite
// (the indexer's PostgreSQL suite, the dApp's platform) tests the real server path without a
// server set up by hand, and startup is paid once. Each platform creates its own database on it.
// TEST_DATABASE_URL set by the caller names another server instead; then nothing is started.
import { join } from 'node:path'
import { repoRoot } from './repoRoot'
import { startPostgres } from './startPostgres'

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL?.trim()) return undefined
  const server = await startPostgres({ logFile: join(repoRoot, '.data', 'logs', 'test', `postgres-${process.pid}.log`) })
  // Test workers are started after this and inherit the variable.
  process.env.TEST_DATABASE_URL = await server.createDatabase('neuro_test')
  return async () => {
    delete process.env.TEST_DATABASE_URL
    await server.stop()
  }
}
