// `npm start`: the whole local platform (anvil, contracts, database, compliance signer, indexer,
// dApp) from the devkit's plan, with a compact status board, a summary of where everything is,
// and a clean stop on Ctrl-C / SIGTERM. Configuration: environment variables, see .env.example.
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import {
  createStatusBoard,
  type LauncherConfig,
  type LocalDeployConfig,
  loadLauncherConfig,
  localExecutors,
  PlatformError,
  type RunningPlatform,
  renderSummary,
  repoRoot,
  startPlatform,
} from '@neuromation/devkit'
import { BaseError, createLogger, createShutdown } from '@neuromation/runtime'

const tty = Boolean(process.stdout.isTTY)
const color = tty && !process.env.NO_COLOR
const write = (text: string) => process.stdout.write(text)
const red = (text: string) => (color ? `\x1b[31m${text}\x1b[0m` : text)
const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[0m` : text)

function report(error: unknown) {
  if (error instanceof PlatformError) {
    process.stderr.write(`\n${red(`✖ ${error.service ? `${error.service}: ` : ''}${error.shortMessage}`)}\n`)
    for (const line of error.metaMessages ?? []) process.stderr.write(`${line}\n`)
    if (error.details) process.stderr.write(dim(`Details: ${error.details}\n`))
    if (error.logTail.length) {
      process.stderr.write(dim(`--- last lines${error.logFile ? ` of ${relative(repoRoot, error.logFile)}` : ''} ---\n`))
      process.stderr.write(`${error.logTail.join('\n')}\n`)
      process.stderr.write(dim('---\n'))
    }
  } else if (error instanceof BaseError) {
    process.stderr.write(`\n${red(`✖ ${error.message}`)}\n`)
  } else {
    process.stderr.write(
      `\n${red('✖ launcher crashed:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
  }
}

function summaryOf(platform: RunningPlatform, config: LauncherConfig) {
  const { env, services } = platform
  const chainId = Number(env.CHAIN_ID)
  const file = env.DEPLOYMENT_FILE
  const localChain = !config.externalRpcUrl
  const started = (name: string) => services[name] && !services[name].skipped
  return {
    chainId,
    rpcUrl: env.RPC_URL,
    localChain,
    urls: {
      dapp: started('dapp') ? env.DAPP_URL : undefined,
      graphql: started('indexer') ? env.GRAPHQL_URL : undefined,
      signer: started('signer') ? env.SIGNER_URL : undefined,
      database: started('database') ? env.DATABASE_URL : undefined,
      ipfs: started('ipfs') ? env.IPFS_GATEWAY_URL : undefined,
    },
    executors: Object.keys(services)
      .filter((name) => /^executor-\d+$/.test(name) && started(name))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((name) => {
        const index = Number(name.slice('executor-'.length)) - 1
        return { name, account: localExecutors[index].account, metricsUrl: env[`EXECUTOR_${index + 1}_METRICS_URL`] }
      })
      .filter((e) => e.metricsUrl),
    ipfsPeer: started('ipfs') ? env.IPFS_PEERS || undefined : undefined,
    generators: env.GENERATOR_BUNDLES ? (JSON.parse(env.GENERATOR_BUNDLES) as Record<string, string>) : undefined,
    skipped: Object.entries(services)
      .filter(([name, s]) => s.skipped && name !== 'anvil' && name !== 'deploy')
      .map(([service, s]) => ({ service, reason: s.skipped!.replace(/^skipped: /, '') })),
    deployment:
      file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { contracts?: Record<string, unknown> }) : undefined,
    deployConfig: localChain
      ? (JSON.parse(readFileSync(join(repoRoot, 'script', 'config', 'local.json'), 'utf8')) as LocalDeployConfig)
      : undefined,
    logDir: relative(repoRoot, config.logDir) || config.logDir,
    color,
  }
}

async function main(): Promise<number> {
  const config = loadLauncherConfig()
  // The launcher's own structured log (each service ready, with its time; crashes) beside the services' logs.
  mkdirSync(config.logDir, { recursive: true })
  const launcherLog = createWriteStream(join(config.logDir, 'launcher.log'), { flags: 'w' })
  const logger = createLogger({ level: 'info', format: 'json', sink: (line) => launcherLog.write(line) })
  const controller = new AbortController()
  let platform: RunningPlatform | undefined
  let stopReason: string | undefined
  const stopped = new Promise<string>((resolve) => {
    // SIGHUP too: a closed terminal would otherwise end the launcher without stopping what it started.
    const shutdown = createShutdown({
      logger,
      graceMs: config.stopGraceMs * 3,
      exit: false,
      signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
    })
    shutdown.register('platform', async () => {
      controller.abort()
      await platform?.stop()
    })
    // A terminal's Ctrl-C reaches npm, tsx and this process at once; the registry runs once.
    shutdown.signal.addEventListener('abort', () => {
      stopReason = String(shutdown.signal.reason?.message ?? 'signal').replace(/^shutting down: /, '')
      resolve(stopReason)
    })
  })

  const board = createStatusBoard({ write, tty, color })
  board.note(`Starting the Neuromation local platform${config.externalRpcUrl ? ` against ${config.externalRpcUrl}` : ''}…`)
  try {
    platform = await startPlatform({
      chainId: config.chainId,
      externalRpcUrl: config.externalRpcUrl,
      anvilArgs: config.anvilArgs,
      database: { databaseUrl: config.databaseUrl, allowPglite: true },
      indexer: { schema: config.databaseSchema },
      dapp: 'dev',
      skip: config.skip,
      ports: config.ports,
      baseEnv: config.baseEnv,
      logDir: config.logDir,
      readyTimeoutMs: config.readyTimeoutMs,
      stopGraceMs: config.stopGraceMs,
      signal: controller.signal,
      board,
      logger,
    })
    write(renderSummary(summaryOf(platform, config)))
    const outcome = await Promise.race([stopped.then((reason) => ({ reason })), platform.crashed])
    write(`\n${outcome.reason} received: stopping the services${config.externalRpcUrl ? '' : ', then anvil'}…\n`)
    await platform.stop()
    write('Stopped.\n')
    return 0
  } catch (error) {
    await platform?.stop()
    if (stopReason) {
      write(`\n${stopReason} received during startup: stopped.\n`)
      return 0
    }
    report(error)
    return 1
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    report(error)
    process.exit(1)
  },
)
