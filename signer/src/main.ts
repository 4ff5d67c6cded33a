// Entry point of the compliance signer: config from the environment, a startup check against the
// chain, then the HTTP API. Exits non-zero with a clear message on any misconfiguration.
import { serve } from '@hono/node-server'
import { createPublicClient, http } from 'viem'
import { ConfigError, loadConfig, type SignerConfig } from './config'
import { createChainClock } from './createChainClock'
import { createSignerApp } from './createSignerApp'
import { createSignerKeyCheck } from './createSignerKeyCheck'
import { createLogger } from './logger'
import { StartupCheckError, verifyComplianceSigner } from './verifyComplianceSigner'

const shutdownGraceMs = 5_000

async function main() {
  let config: SignerConfig
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      createLogger().error({ msg: 'invalid configuration', error: error.message })
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'signer' } })
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
    if (error instanceof StartupCheckError) {
      logger.error({ msg: 'startup check failed', error: error.message })
      process.exit(1)
    }
    throw error
  }

  const app = createSignerApp(config, {
    logger,
    now: createChainClock(client),
    checkSignerKey: createSignerKeyCheck(client, { saleAddress: config.saleAddress, signer: config.account.address }),
  })
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info({
      msg: 'signer listening',
      url: `http://${config.host}:${info.port}`,
      chainId: config.chainId,
      sale: config.saleAddress,
      signer: config.account.address,
    })
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ` (port ${config.port} is in use: stop that process or set SIGNER_PORT)` : ''
    logger.error({ msg: `server error${hint}`, error })
    process.exit(1)
  })

  let closing = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    logger.info({ msg: 'shutting down', signal })
    // Bounded: idle keep-alive sockets would otherwise hold close() open indefinitely.
    const timer = setTimeout(() => {
      logger.warn({ msg: 'shutdown grace expired; exiting', graceMs: shutdownGraceMs })
      process.exit(0)
    }, shutdownGraceMs)
    timer.unref()
    server.close(() => process.exit(0))
    if ('closeIdleConnections' in server) server.closeIdleConnections()
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error) => {
  createLogger().error({ msg: 'signer crashed', error })
  process.exit(1)
})
