// The PostgreSQL server of the indexer's PostgreSQL suite: TEST_DATABASE_URL when set (vitest's
// global setup starts one embedded server per run and sets it), else a throwaway server from the
// devkit, the one place that knows how to start PostgreSQL from npm.
import { join } from 'node:path'
import { repoRoot, startPostgres } from '@neuromation/devkit'

export type TestPostgres = { url: string; stop: () => Promise<void> }

export async function startTestPostgres(): Promise<TestPostgres> {
  const fromEnv = process.env.TEST_DATABASE_URL?.trim()
  if (fromEnv) return { url: fromEnv, stop: async () => {} }
  const server = await startPostgres({ logFile: join(repoRoot, '.data', 'logs', 'test', `postgres-${process.pid}.log`) })
  try {
    return { url: await server.createDatabase('neuro_test'), stop: () => server.stop() }
  } catch (error) {
    await server.stop()
    throw error
  }
}
