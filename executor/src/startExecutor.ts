import type { ContentStore } from '@neuromation/content'
import { ConfigError, type Logger, type Shutdown } from '@neuromation/runtime'
import { checkNodeReady } from './chain/checkNodeReady'
import { createChain } from './chain/createChain'
import type { CommandHint } from './cli/commandHint'
import type { ExecutorConfig } from './config'
import { openContentStore } from './content/openContentStore'
import { Executor } from './Executor'
import { Metrics } from './metrics/Metrics'
import { serveMetrics } from './metrics/serveMetrics'
import { lockDataDir } from './state/lockDataDir'

export type StartExecutorOptions = {
  config: ExecutorConfig
  logger: Logger
  shutdown: Shutdown
  /** TESTS ONLY (see computeShard). */
  cheat?: 'wrong-shard'
  /** A content store to use instead of opening the configured one. */
  content?: ContentStore
  /** How the commands its refusals name are written (with the operator's --config). */
  hint?: CommandHint
}

/**
 * Starts the daemon: the data dir's lock (one daemon per data dir, see lockDataDir), chain
 * (refused when the node is not registered or has no stake to back its ask, see checkNodeReady),
 * content store, metrics endpoint, then the executor loop, each closed by the shutdown registry in
 * reverse order (the loop first: it abandons the current task cleanly and cancels the ask; the
 * lock last, once nothing of this daemon touches the data dir or the ask).
 */
export async function startExecutor(
  options: StartExecutorOptions,
): Promise<{ executor: Executor; metricsPort: number | undefined }> {
  const { config, logger, shutdown } = options
  // First of all: a second daemon on this data dir must not open its IPFS repo, nor touch the
  // chain (its stop would cancel the ask of the daemon already running).
  const lock = lockDataDir(config.dataDir)
  // The 'exit' handler also covers an exit that skips the registry (a second signal, the grace
  // running out); the registry's release comes first on a clean stop.
  const onExit = () => lock.release()
  process.once('exit', onExit)
  shutdown.register('data dir lock', () => {
    lock.release()
    process.off('exit', onExit)
  })
  if (lock.tookOverFrom)
    logger.warn({
      msg: 'data dir lock left by a daemon that is gone (killed, or its machine stopped): taking it over',
      lock: lock.path,
      previous: lock.tookOverFrom,
    })
  if (options.cheat)
    logger.warn({
      msg: 'CHEATING ON PURPOSE (--cheat wrong-shard): this node computes wrong shards and will be slashed. Tests only.',
    })
  const chain = await createChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, account: config.account })
  // Before the content store (seconds to open): a node the market cannot give work fails at once.
  await checkNodeReady(chain, config.capacity, options.hint)
  const content =
    options.content ??
    (await openContentStore({
      ipfs: config.ipfs,
      dataDir: config.dataDir,
      peers: config.ipfsPeers,
      fetchTimeoutMs: config.fetchTimeoutMs,
      logger: logger.child({ module: 'content' }),
    }))
  if (!options.content) shutdown.register('content store', () => content.close())
  const metrics = new Metrics()
  const executor = new Executor({ config, chain, content, logger, metrics, cheat: options.cheat, hint: options.hint })
  let metricsPort: number | undefined
  if (config.metricsPort !== undefined) {
    const server = await serveMetrics(metrics, {
      host: config.metricsHost,
      port: config.metricsPort,
      health: () => executor.status(),
      status: () => executor.progress.report(),
      logger: logger.child({ module: 'metrics' }),
    }).catch((error: unknown) => {
      throw listenError(error, config.metricsHost, config.metricsPort as number)
    })
    metricsPort = server.port
    shutdown.register('metrics server', () => server.close())
    logger.info({
      msg: 'metrics served',
      url: `http://${config.metricsHost}:${server.port}/metrics`,
      status: `http://${config.metricsHost}:${server.port}/status`,
    })
  }
  const stopped = executor.run(shutdown.signal)
  shutdown.register('executor loop', () => stopped)
  stopped.catch((error) => {
    logger.error({ msg: 'executor loop crashed', error })
    void shutdown.shutdown('executor loop crashed', 1)
  })
  return { executor, metricsPort }
}

/** A metrics port the daemon cannot listen on, said in terms of the setting to change. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: string }).code
  const where = `EXECUTOR_METRICS_PORT=${port}: port ${port} on ${host}`
  if (code === 'EADDRINUSE')
    return new ConfigError(
      `${where} is already in use (another daemon or program listens there); pick another port for EXECUTOR_METRICS_PORT, or 0 for any free one.`,
      { cause: error },
    )
  if (code === 'EACCES')
    return new ConfigError(`${where} needs privileges this process lacks; pick a port above 1023 for EXECUTOR_METRICS_PORT.`, {
      cause: error,
    })
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new ConfigError(
      `${where}: ${host} is not an address of this machine; set EXECUTOR_METRICS_HOST to one of its addresses (e.g. 127.0.0.1 or 0.0.0.0).`,
      { cause: error },
    )
  return error
}
