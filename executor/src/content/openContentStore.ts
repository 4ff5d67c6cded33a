import type { Logger } from '@neuromation/runtime'
import type { ContentStore } from './ContentStore'

/**
 * Opens the content store the config names: 'embedded' (a Helia node with its repo in the data
 * dir) or a Kubo RPC URL, through @neuromation/content.
 */
export async function openContentStore(options: { ipfs: string; dataDir: string; logger: Logger }): Promise<ContentStore> {
  const content = await import('@neuromation/content')
  return (await content.openContentStore({
    ipfs: options.ipfs,
    dataDir: options.dataDir,
    logger: options.logger,
  })) as ContentStore
}
