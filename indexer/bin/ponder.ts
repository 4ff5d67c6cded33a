// Entry point of `npm run start|dev -w @neuromation/indexer`: validates the environment, checks the
// chain and its deployment, then runs Ponder.
//
// With PostgreSQL (DATABASE_URL, the default under `npm start`) it runs two processes:
// - `ponder start` indexes as the owner role. Its HTTP server listens on a loopback port of its own
//   and answers only /health, /ready, /status and /metrics (src/api/index.ts refuses the rest);
// - `ponder serve` answers the API on PONDER_PORT as a read-only role with a statement timeout
//   (bin/preparePostgres.ts), so a hostile query runs in PostgreSQL, is cancelled there, and can
//   neither write nor slow the indexing process, whose event loop it never touches.
// With PGlite (DATABASE_URL unset) PostgreSQL cannot run out of process: one `ponder start` does
// both, and queries share its process (fine for a quick look, not for serving users).
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError, createLogger, createShutdown, freePort } from '@neuromation/runtime'
import { getDeployment } from '@neuromation/sdk'
import type pg from 'pg'
import { createPublicClient, http } from 'viem'
import { type IndexerConfig, loadConfig } from '../src/config'
import { chainFingerprint } from './chainFingerprint'
import { preparePostgres } from './preparePostgres'
import { resetStalePglite } from './resetStalePglite'

const indexerRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const logger = createLogger({ bindings: { service: 'indexer' } })

type PonderRun = { command: 'start' | 'dev' | 'serve'; port: number; hostname: string; env: NodeJS.ProcessEnv; name: string }

function runPonder(config: IndexerConfig, run: PonderRun): ChildProcess {
  // ponder's bin sits next to its ESM entry: node_modules/ponder/dist/esm/bin/ponder.js.
  const ponderBin = join(dirname(fileURLToPath(import.meta.resolve('ponder'))), 'bin', 'ponder.js')
  const args = [
    ponderBin,
    run.command,
    '--root',
    indexerRoot,
    '--schema',
    config.databaseSchema,
    '--port',
    String(run.port),
    '--hostname',
    run.hostname,
  ]
  if (run.command === 'dev' && !process.stdout.isTTY) args.push('--disable-ui')
  // Ponder prefers PORT over --port; PONDER_PORT is this app's setting, so PORT must not leak in.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...run.env,
    PONDER_TELEMETRY_DISABLED: '1',
    DATABASE_SCHEMA: config.databaseSchema,
  }
  delete env.PORT
  delete env.DATABASE_PRIVATE_URL
  return spawn(process.execPath, args, { cwd: indexerRoot, env, stdio: 'inherit' })
}

async function main(command: string): Promise<number> {
  if (command !== 'start' && command !== 'dev')
    throw new BaseError(`usage: tsx bin/ponder.ts start|dev (got ${JSON.stringify(command)})`)
  const config = loadConfig()
  const deployment = getDeployment(config.chainId)

  const fingerprint = await chainFingerprint(config.rpcUrl)
  if (fingerprint.chainId !== config.chainId) {
    throw new BaseError(`RPC_URL serves chain ${fingerprint.chainId}, but CHAIN_ID is ${config.chainId}; make them agree`)
  }
  const client = createPublicClient({ transport: http(config.rpcUrl) })
  const code = await client.getCode({ address: deployment.contracts.TokenSale })
  if (!code || code === '0x') {
    throw new BaseError(
      `No TokenSale at ${deployment.contracts.TokenSale} on chain ${config.chainId}: deployments/${config.chainId}.json ` +
        'is from another chain. Deploy (script/Deploy.s.sol), then run `npm run codegen`.',
    )
  }

  // SIGINT/SIGTERM run the hooks (children stopped); the process exits once the children are gone.
  const shutdown = createShutdown({ logger, graceMs: 20_000, exit: false })
  const children: { name: string; child: ChildProcess }[] = []
  const publicUrl = `http://${config.hostname}:${config.port}`
  // One child gone (crash or signal) takes the others down: a half-running indexer is worse than none.
  // In parallel and well within the 15 s a supervisor (startIndexer, the devkit) gives this process.
  shutdown.register('ponder processes', () => Promise.all(children.map(({ child }) => stopChild(child))))
  let resolveExit: (code: number) => void = () => {}
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve
  })
  const watch = (name: string, child: ChildProcess) => {
    children.push({ name, child })
    child.on('error', (error) => {
      logger.error({ msg: `${name} could not start`, error })
      void shutdown.shutdown(`${name} failed`, 1).then(() => resolveExit(1))
    })
    child.on('exit', (exitCode, signal) => {
      const codeOut = exitCode ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1)
      if (!shutdown.signal.aborted) logger[codeOut === 0 ? 'info' : 'error']({ msg: `${name} exited`, exitCode, signal })
      void shutdown.shutdown(`${name} exited`, codeOut).then(() => resolveExit(codeOut))
    })
  }

  if (!config.databaseUrl) {
    const outcome = resetStalePglite(config.pgliteDir, fingerprint)
    logger[outcome.reset ? 'warn' : 'info']({
      msg: outcome.reset ? 'cleared indexer database' : 'reusing indexer database',
      reason: outcome.reason,
      database: config.pgliteDir,
      schema: config.databaseSchema,
    })
    logger.warn({
      msg: 'PGlite runs queries inside the indexer process: one heavy query stalls it; set DATABASE_URL to serve users',
    })
    watch(
      'ponder',
      runPonder(config, {
        command,
        port: config.port,
        hostname: config.hostname,
        env: { INDEXER_PROCESS_ROLE: 'all' },
        name: 'ponder',
      }),
    )
  } else {
    const prepared = await preparePostgres(config, config.databaseUrl, fingerprint)
    shutdown.register('database lease', () => prepared.lease.end())
    if (prepared.dropped.length > 0) {
      logger.warn({ msg: 'cleared indexer database', reason: 'the chain was restarted (new genesis)', dropped: prepared.dropped })
    }
    logger.info({
      msg: 'using indexer database',
      database: prepared.database,
      schema: config.databaseSchema,
      apiRole: prepared.apiRole,
    })
    const indexingPort = await freePort()
    watch(
      'ponder start',
      runPonder(config, {
        command,
        port: indexingPort,
        hostname: '127.0.0.1',
        env: { INDEXER_PROCESS_ROLE: 'indexing', DATABASE_URL: prepared.indexerUrl, API_DATABASE_URL: '' },
        name: 'ponder start',
      }),
    )
    // On a fresh database `ponder serve` would answer every request by failing a query on a table
    // the indexing process has not created yet, logging a stack trace each time.
    if (!(await ponderTablesCreated(prepared.lease, config.databaseSchema, shutdown.signal))) return exited
    watch(
      'ponder serve',
      runPonder(config, {
        command: 'serve',
        port: config.port,
        hostname: config.hostname,
        env: { INDEXER_PROCESS_ROLE: 'api', DATABASE_URL: prepared.apiUrl, API_DATABASE_URL: '' },
        name: 'ponder serve',
      }),
    )
    logger.info({ msg: 'indexing process', url: `http://127.0.0.1:${indexingPort}`, note: 'health and status only' })
  }
  logger.info({
    msg: 'serving API',
    url: publicUrl,
    graphql: `${publicUrl}/graphql`,
    chainId: config.chainId,
    database: config.databaseUrl ? 'postgres' : 'pglite',
  })

  return exited
}

/**
 * Resolves true once the indexing process has created Ponder's own tables in `schema` (at once on
 * a database it indexed before), false if the indexer is shutting down first.
 */
async function ponderTablesCreated(lease: pg.Client, schema: string, stopping: AbortSignal): Promise<boolean> {
  const started = Date.now()
  let warnedUnreadable = false
  let toldWaiting = false
  while (!stopping.aborted) {
    try {
      const { rows } = await lease.query<{ ready: boolean }>(
        "select to_regclass(format('%I._ponder_meta', $1::text)) is not null and to_regclass(format('%I._ponder_checkpoint', $1::text)) is not null as ready",
        [schema],
      )
      if (rows[0].ready) return true
    } catch (error) {
      // PostgreSQL itself gone: the indexing process fails too, and its exit shuts everything down.
      if (!warnedUnreadable) logger.warn({ msg: 'cannot read the indexer database yet', error })
      warnedUnreadable = true
    }
    if (!toldWaiting && Date.now() - started > 10_000) {
      toldWaiting = true
      logger.info({ msg: 'waiting for the indexing process to create its tables before serving the API', schema })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

/** SIGTERM, then SIGKILL if Ponder has not flushed and exited within 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolveStop()
    })
    child.kill('SIGTERM')
  })
}

main(process.argv[2] ?? '').then(
  (code) => process.exit(code),
  (error: Error) => {
    logger.error({ msg: error.message, error })
    process.exit(1)
  },
)
