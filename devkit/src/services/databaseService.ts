// The indexer's database. In order of preference:
// - DATABASE_URL given (an external PostgreSQL): used as is, nothing started;
// - a shared server given (tests: TEST_DATABASE_URL, one embedded server per test run): a fresh
//   database is created on it for this platform and dropped on stop;
// - an embedded PostgreSQL server from npm, started here (the default of `npm start`);
// - PGlite inside the indexer process, only where no server can run here (said on the board).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { redactUrl } from '@neuromation/runtime'
import pg from 'pg'
import { PlatformError } from '../PlatformError'
import type { RunningService, ServiceDefinition } from '../ServiceDefinition'
import { startPostgres } from '../startPostgres'

export type DatabaseOptions = {
  /** An external PostgreSQL the indexer uses as is. */
  databaseUrl?: string
  /** A server on which this platform gets its own fresh database (role must have CREATEDB). */
  sharedServerUrl?: string
  /** Fall back to PGlite when the embedded server cannot run (npm start); tests want a server. */
  allowPglite: boolean
}

export function databaseService(options: DatabaseOptions): ServiceDefinition {
  return {
    name: 'database',
    dependsOn: [],
    port: options.databaseUrl || options.sharedServerUrl ? undefined : { default: 54329, env: 'DATABASE_PORT' },
    async start(context): Promise<RunningService> {
      if (options.databaseUrl) {
        return {
          detail: redactUrl(options.databaseUrl),
          skipped: `DATABASE_URL given: ${redactUrl(options.databaseUrl)}`,
          exports: { DATABASE_URL: options.databaseUrl },
        }
      }
      if (options.sharedServerUrl) return freshDatabaseOn(options.sharedServerUrl)
      try {
        const server = await startPostgres({ port: context.port, logFile: context.logFile, readyTimeoutMs: context.readyTimeoutMs, signal: context.signal })
        try {
          const url = await server.createDatabase('neuro')
          return {
            detail: `PostgreSQL ${url.replace(/:[^:@/]+@/, ':…@')}`,
            exports: { DATABASE_URL: url },
            exited: server.exited,
            tail: server.tail,
            logFile: server.logFile,
            stop: () => server.stop(context.stopGraceMs),
          }
        } catch (error) {
          await server.stop(context.stopGraceMs)
          throw error
        }
      } catch (error) {
        if (!options.allowPglite || context.signal.aborted || !(error instanceof PlatformError) || error.code !== 'POSTGRES_UNAVAILABLE') throw error
        // Only "no server can run here" falls back; a server that starts and then fails is a bug to show.
        const pgliteDir = mkdtempSync(join(tmpdir(), 'neuro-pglite-'))
        context.logger.warn({ msg: 'embedded PostgreSQL unavailable; using PGlite', reason: error.shortMessage })
        return {
          detail: pgliteDir,
          skipped: `PGlite fallback (${error.shortMessage})`,
          exports: { PGLITE_DIR: pgliteDir },
          stop: async () => rmSync(pgliteDir, { recursive: true, force: true }),
        }
      }
    },
  }
}

async function freshDatabaseOn(serverUrl: string): Promise<RunningService> {
  const name = `neuro_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  try {
    await run(`create database ${name}`)
  } catch (error) {
    throw new PlatformError(`Could not create a database on ${redactUrl(serverUrl)}.`, {
      service: 'database',
      cause: error,
      metaMessages: ['The role in TEST_DATABASE_URL needs CREATEDB (and CREATEROLE for the indexer\'s read-only role); unset it to use an embedded server.'],
    })
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    detail: `database ${name} on ${redactUrl(serverUrl)}`,
    exports: { DATABASE_URL: url.toString() },
    // WITH (FORCE): the indexer's pool may still hold a connection for a moment after it exits.
    stop: () => run(`drop database if exists ${name} with (force)`).catch(() => undefined),
  }
}
