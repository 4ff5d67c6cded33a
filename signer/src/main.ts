// Entry point of the compliance signer: config from the environment, a startup check against the
// chain, then the HTTP API. Exits non-zero with a clear message on any misconfiguration; closes
// gracefully on SIGINT/SIGTERM through the runtime's shutdown registry.
import { serve } from '@hono/node-server'
import { BaseError, ConfigError, createLogger, createShutdown, redactUrl } from '@neuromation/runtime'
import { createPublicClient, http } from 'viem'
import { loadConfig, type SignerConfig } from './config'
import { createChainClock } from './createChainClock'
import { createSignerApp } from './createSignerApp'
import { createSignerKeyCheck } from './createSignerKeyCheck'
import { verifyComplianceSigner } from './verifyComplianceSigner'

// Idle keep-alive sockets would otherwise hold close() open; 5 s covers any request in flight.
const shutdownGraceMs = 5_000

async function main() {
  let config: SignerConfig
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      createLogger({ bindings: { service: 'signer' } }).error({ msg: error.message })
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'signer' } })
  const shutdown = createShutdown({ logger, graceMs: shutdownGraceMs })
  if (config.usingDevKey) {
    logger.warn({
      msg: `SIGNER_PRIVATE_KEY is not set: using anvil's public dev key (account #1) on local chain ${config.chainId}. Never do this on a real network.`,
      signer: config.account.address,
    })
  }

  const client = createPublicClient({ transport: http(config.rpcUrl, { retryCount: 1, timeout: 10_000 }) })
  try {
    await verifyComplianceSigner(client, {
      chainId: config.chainId,
      rpcUrl: config.rpcUrl,
      saleAddress: config.saleAddress,
      signer: config.account.address,
    })
  } catch (error) {
    logger.error({ msg: 'startup check failed', error })
    process.exit(1)
  }

  const app = createSignerApp(config, {
    logger,
    now: createChainClock(client, { refreshMs: config.chainTimeRefreshMs }),
    checkSignerKey: createSignerKeyCheck(client, { saleAddress: config.saleAddress, signer: config.account.address }),
  })
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info({
      msg: 'signer listening',
      url: `http://${config.host}:${info.port}`,
      chainId: config.chainId,
      rpc: redactUrl(config.rpcUrl),
      sale: config.saleAddress,
      signer: config.account.address,
      rateLimit: config.rateLimit,
      chainTimeRefreshMs: config.chainTimeRefreshMs,
    })
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ` (port ${config.port} is in use: stop that process or set SIGNER_PORT)` : ''
    logger.error({ msg: `server error${hint}`, error })
    process.exit(1)
  })
  shutdown.register('http server', async () => {
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    if ('closeIdleConnections' in server) server.closeIdleConnections()
    await closed
  })
}

main().catch((error: unknown) => {
  createLogger({ bindings: { service: 'signer' } }).error({
    msg: error instanceof BaseError ? error.shortMessage : 'signer crashed',
    error,
  })
  process.exit(1)
})
