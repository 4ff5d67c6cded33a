// Readies PostgreSQL for the two Ponder processes bin/ponder.ts starts, without writing into any of
// Ponder's own tables:
// - Database per local chain. Ponder caches RPC data (logs, blocks, eth_call results) per chain id
//   in `ponder_sync`, and `disableCache` does not cover eth_call results, so a fresh anvil (same
//   id, same addresses, new genesis) would be answered from the previous chain's cache. On local
//   chains each chain therefore gets its own database, `<database>_c<chainId>_<genesis hash[0:8]>`,
//   and databases of earlier chains nobody is connected to are dropped (like deleting the PGlite
//   directory). Public chains never change genesis: they use DATABASE_URL's database as it is.
// - The app schema is created up front so that `ponder serve` can start with the indexer.
// - The API's read-only role: LOGIN, no other rights, SELECT on the app schema's tables and views
//   (also those Ponder creates later, through default privileges), every transaction read-only,
//   a statement timeout and a connection limit, all set on the role itself so that no client
//   setting can lift them (a session may lower its own timeout, and Ponder sets it to the same).
import { createHash } from 'node:crypto'
import { ConfigError } from '@neuromation/runtime'
import { isLocalChain } from '@neuromation/sdk'
import pg from 'pg'
import type { IndexerConfig } from '../src/config'
import type { ChainFingerprint } from './chainFingerprint'

export type PreparedPostgres = {
  /** The owner's connection string, pointed at the database to index into. */
  indexerUrl: string
  /** Connection string of the read-only role the API is served with. */
  apiUrl: string
  /** Name of the API role. */
  apiRole: string
  database: string
  /** Databases of earlier local chains that were dropped. */
  dropped: string[]
  /**
   * A connection to `database` held for the life of the indexer: a database with connections is
   * in use, so another indexer starting meanwhile never drops it, even before Ponder connects.
   */
  lease: pg.Client
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`

/** Same URL with another database (and optionally other credentials). */
function withDatabase(url: string, database: string, credentials?: { user: string; password: string }): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  if (credentials) {
    parsed.username = encodeURIComponent(credentials.user)
    parsed.password = encodeURIComponent(credentials.password)
  }
  return parsed.toString()
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  return client
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url)
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

const isPermissionError = (error: unknown) => (error as { code?: string }).code === '42501'

/** Creates this chain's database on local chains and drops those of earlier ones; see the file comment. */
async function selectDatabase(
  ownerUrl: string,
  chain: ChainFingerprint,
): Promise<{ database: string; dropped: string[]; lease: pg.Client }> {
  const base = decodeURIComponent(new URL(ownerUrl).pathname.slice(1)) || 'postgres'
  if (!isLocalChain(chain.chainId)) return { database: base, dropped: [], lease: await connect(ownerUrl) }
  const prefix = `${base}_c${chain.chainId}_`
  const database = `${prefix}${chain.genesisHash.slice(2, 10).toLowerCase()}`
  if (database.length > 63) {
    throw new ConfigError(
      `DATABASE_URL's database name "${base}" is too long to add a chain suffix (PostgreSQL allows 63 characters); use a shorter name.`,
    )
  }
  return withClient(ownerUrl, async (client) => {
    // Serialises indexers starting against the same server.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [prefix])
    try {
      const { rows } = await client.query<{ datname: string; connections: string }>(
        `SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname) AS connections
           FROM pg_database d WHERE starts_with(d.datname, $1)`,
        [prefix],
      )
      const dropped: string[] = []
      for (const row of rows) {
        // Another chain's database nobody uses any more; one in use belongs to a running indexer.
        if (row.datname === database || !/^[0-9a-f]{8}$/.test(row.datname.slice(prefix.length)) || Number(row.connections) > 0)
          continue
        await client.query(`DROP DATABASE IF EXISTS ${quote(row.datname)}`)
        dropped.push(row.datname)
      }
      if (!rows.some((row) => row.datname === database)) {
        try {
          await client.query(`CREATE DATABASE ${quote(database)}`)
        } catch (error) {
          if (isPermissionError(error)) {
            throw new ConfigError(
              `The role in DATABASE_URL cannot create databases, which the indexer needs on local chain ${chain.chainId} (one database per chain run, see indexer/README.md); grant it with ALTER ROLE <role> CREATEDB.`,
              { cause: error },
            )
          }
          throw error
        }
      }
      return { database, dropped, lease: await connect(withDatabase(ownerUrl, database)) }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [prefix])
    }
  })
}

export async function preparePostgres(
  config: IndexerConfig,
  ownerUrl: string,
  chain: ChainFingerprint,
): Promise<PreparedPostgres> {
  const { database, dropped, lease } = await selectDatabase(ownerUrl, chain)
  const indexerUrl = withDatabase(ownerUrl, database)
  const schema = config.databaseSchema

  const readerFromEnv = config.apiDatabaseUrl ? decodeURIComponent(new URL(config.apiDatabaseUrl).username) : undefined
  const apiRole = readerFromEnv || `${schema}_api`
  // Stable for the same owner credentials on the same server, so indexers restarting (or running
  // twice) agree on it, and unguessable without them. Roles are server-wide while databases are
  // per chain, so the database is left out: two indexers on one server (e.g. test suites on the
  // same chain id) must not reset each other's password.
  const server = new URL(ownerUrl)
  server.pathname = ''
  server.search = ''
  const password = createHash('sha256').update(`neuro-indexer-api:${server.href}:${apiRole}`).digest('hex')

  await setUpSchemaAndRole(config, indexerUrl, database, apiRole, readerFromEnv ? undefined : password).catch(async (error) => {
    await lease.end()
    throw error
  })

  const apiUrl = config.apiDatabaseUrl
    ? withDatabase(config.apiDatabaseUrl, database)
    : withDatabase(ownerUrl, database, { user: apiRole, password })
  return { indexerUrl, apiUrl, apiRole, database, dropped, lease }
}

/** The app schema, and the API role with its rights (its attributes too when `password` is given: a role we manage). */
async function setUpSchemaAndRole(
  config: IndexerConfig,
  indexerUrl: string,
  database: string,
  apiRole: string,
  password: string | undefined,
) {
  const schema = config.databaseSchema
  await withClient(indexerUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`neuro_api_role:${apiRole}`])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`)
      if (password !== undefined) {
        const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [apiRole])
        const attributes = `LOGIN NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${literal(password)} CONNECTION LIMIT ${config.apiMaxConnections + 4}`
        // SUPERUSER, REPLICATION and BYPASSRLS may be named in ALTER ROLE only by a role that has
        // them (PostgreSQL 16+), which a CREATEROLE owner does not: set them off at creation and
        // check them below instead.
        const privileged = 'NOSUPERUSER NOREPLICATION NOBYPASSRLS'
        try {
          await client.query(
            rowCount
              ? `ALTER ROLE ${quote(apiRole)} WITH ${attributes}`
              : `CREATE ROLE ${quote(apiRole)} WITH ${privileged} ${attributes}`,
          )
        } catch (error) {
          if (isPermissionError(error)) {
            throw new ConfigError(
              `The role in DATABASE_URL cannot manage the API's read-only role "${apiRole}"; grant it CREATEROLE, or create a read-only role yourself and set API_DATABASE_URL to it.`,
              { cause: error },
            )
          }
          throw error
        }
        const { rows } = await client.query(
          'SELECT rolsuper OR rolreplication OR rolbypassrls AS privileged FROM pg_roles WHERE rolname = $1',
          [apiRole],
        )
        if (rows[0]?.privileged) {
          throw new ConfigError(
            `The API's role "${apiRole}" exists with SUPERUSER, REPLICATION or BYPASSRLS, so it is not read-only; drop it (DROP ROLE "${apiRole}") and restart the indexer.`,
          )
        }
        for (const setting of [
          `default_transaction_read_only = on`,
          `statement_timeout = ${config.apiStatementTimeoutMs}`,
          // A client that leaves a transaction open must not hold locks or a connection for long.
          `idle_in_transaction_session_timeout = 10000`,
          `lock_timeout = 500`,
        ]) {
          await client.query(`ALTER ROLE ${quote(apiRole)} SET ${setting}`)
        }
      }
      await client.query(`GRANT CONNECT ON DATABASE ${quote(database)} TO ${quote(apiRole)}`)
      await client.query(`GRANT USAGE ON SCHEMA ${quote(schema)} TO ${quote(apiRole)}`)
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${quote(schema)} TO ${quote(apiRole)}`)
      // Tables and views Ponder creates later, as the owner, become readable as they appear.
      await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${quote(schema)} GRANT SELECT ON TABLES TO ${quote(apiRole)}`)
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`neuro_api_role:${apiRole}`])
    }
  })
}
