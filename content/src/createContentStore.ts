import type { Logger } from '@neuromation/runtime'
import { createHeliaStore, type HeliaStore } from './createHeliaStore'
import { createKuboStore, type KuboStore } from './createKuboStore'
import type { ContentConfig } from './loadContentConfig'

/**
 * The content store the configuration asks for: a Kubo node through its RPC API when
 * IPFS_RPC_URL is set, else the embedded Helia node with its gateway (started here). Callers
 * use the ContentStore interface and close it on shutdown.
 */
export async function createContentStore(config: ContentConfig, options: { logger: Logger }): Promise<HeliaStore | KuboStore> {
  if (config.kind === 'kubo') {
    return createKuboStore({
      rpcUrl: config.rpcUrl,
      gatewayUrl: config.gatewayUrl,
      fetchTimeoutMs: config.fetchTimeoutMs,
      logger: options.logger,
    })
  }
  return createHeliaStore({
    dir: config.dir,
    gatewayHost: config.gatewayHost,
    gatewayPort: config.gatewayPort,
    fetchTimeoutMs: config.fetchTimeoutMs,
    peers: config.peers,
    gatewayUploads: config.gatewayUploads,
    logger: options.logger,
  })
}
