import type { ContentStore } from '@neuromation/content'
import type { Logger, Shutdown } from '@neuromation/runtime'
import { createChain } from './chain/createChain'
import type { ExecutorConfig } from './config'
import { openContentStore } from './content/openContentStore'
import { Executor } from './Executor'
import { Metrics } from './metrics/Metrics'
import { serveMetrics } from './metrics/serveMetrics'

export type StartExecutorOptions = {
  config: ExecutorConfig
  logger: Logger
  shutdown: Shutdown
  /** TESTS ONLY (see computeShard). */
  cheat?: 'wrong-shard'
  /** A content store to use instead of opening the configured one. */
  content?: ContentStore
}

/**
 * Starts the daemon: chain, content store, metrics endpoint, then the executor loop, each closed by
 * the shutdown registry in reverse order (the loop first: it abandons the current task cleanly).
 */
export async function startExecutor(
  options: StartExecutorOptions,
): Promise<{ executor: Executor; metricsPort: number | undefined }> {
  const { config, logger, shutdown } = options
  if (options.cheat)
    logger.warn({
      msg: 'CHEATING ON PURPOSE (--cheat wrong-shard): this node computes wrong shards and will be slashed. Tests only.',
    })
  const chain = await createChain({ rpcUrl: config.rpcUrl, chainId: config.chainId, account: config.account })
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
  const executor = new Executor({ config, chain, content, logger, metrics, cheat: options.cheat })
  let metricsPort: number | undefined
  if (config.metricsPort !== undefined) {
    const server = await serveMetrics(metrics, {
      host: config.metricsHost,
      port: config.metricsPort,
      health: () => executor.status(),
      status: () => executor.progress.report(),
      logger: logger.child({ module: 'metrics' }),
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
