import { join } from 'node:path'
import { type ContentStore, createContentStore, createHeliaStore } from '@neuromation/content'
import type { Logger } from '@neuromation/runtime'
import { ExecutorError } from '../ExecutorError'

export type ContentSettings = {
  /** 'embedded': a Helia node with its repo in the data dir; or a Kubo node's RPC URL. */
  ipfs: string
  dataDir: string
  /** Multiaddrs (with /p2p/<peer id>) of content nodes to dial: where specs and bundles come from. */
  peers: string[]
  fetchTimeoutMs: number
  logger: Logger
}

/**
 * Opens the executor's content node: a Kubo node through its RPC API when EXECUTOR_IPFS is a URL,
 * else an embedded Helia node (repo in <data dir>/ipfs, loopback libp2p, no gateway: the node
 * serves its results to peers over bitswap) dialing `peers`.
 * A peer that is down does not stop the node: it is dialed again in the background.
 */
export async function openContentStore(settings: ContentSettings): Promise<ContentStore> {
  if (settings.ipfs !== 'embedded') {
    try {
      return await createContentStore(
        { kind: 'kubo', rpcUrl: settings.ipfs, gatewayUrl: undefined, fetchTimeoutMs: settings.fetchTimeoutMs },
        { logger: settings.logger },
      )
    } catch (error) {
      throw new ExecutorError('STATE', 'Cannot use the Kubo node named by EXECUTOR_IPFS; check that its RPC API answers.', {
        cause: error,
        retryable: true,
      })
    }
  }
  const store = await createHeliaStore({
    dir: join(settings.dataDir, 'ipfs'),
    gateway: false,
    gatewayPort: 0,
    logger: settings.logger,
    fetchTimeoutMs: settings.fetchTimeoutMs,
  })
  const dial = async (peer: string, attempt: number): Promise<void> => {
    try {
      await store.connect(peer, { signal: AbortSignal.timeout(10_000) })
      settings.logger.info({ msg: 'content peer connected', peer })
    } catch (error) {
      if (attempt === 0)
        settings.logger.warn({
          msg: 'content peer unreachable; retrying in the background',
          peer,
          reason: (error as Error).message,
        })
      setTimeout(() => void dial(peer, attempt + 1), Math.min(30_000, 1_000 * 2 ** attempt)).unref()
    }
  }
  await Promise.all(settings.peers.map((peer) => dial(peer, 0)))
  return store
}
