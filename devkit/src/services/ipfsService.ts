// The content layer of the local platform: the embedded Helia node with its HTTP gateway (run in
// the launcher's process), or a Kubo node when IPFS_RPC_URL is set. At start it publishes the
// example generator bundles (generators/digits, generators/shelf, packed as the engine packs
// them) so the dApp and the executors can name them by CID. Exports, for dependants:
//   IPFS_GATEWAY_URL      where browsers and webdataset readers fetch /ipfs/<cid>
//   IPFS_RPC_URL          the Kubo RPC API (Kubo only)
//   IPFS_PEERS            the embedded node's multiaddr, for other embedded nodes (executors) to dial
//   GENERATOR_<NAME>_CID  each published bundle's directory CID (e.g. GENERATOR_DIGITS_CID)
//   GENERATOR_BUNDLES     all of them as JSON: {"digits":"bafy...","shelf":"bafy..."}
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The config alone (no Helia): building the plan must stay cheap.
import { type ContentConfig, loadContentConfig } from '@neuromation/content/config'
import { redactUrl } from '@neuromation/runtime'
import { PlatformError } from '../PlatformError'
import { repoRoot } from '../repoRoot'
import type { RunningService, ServiceDefinition } from '../ServiceDefinition'

export type IpfsServiceOptions = {
  /** Read for IPFS_RPC_URL, IPFS_GATEWAY_URL, IPFS_DIR, IPFS_FETCH_TIMEOUT, IPFS_PEERS (content/.env.example). */
  env?: NodeJS.ProcessEnv
  /** Generator source directories to publish, relative to the repository root. */
  bundles?: readonly string[]
}

export const exampleBundles = ['generators/digits', 'generators/shelf'] as const

export function ipfsService(options: IpfsServiceOptions = {}): ServiceDefinition {
  const env = options.env ?? process.env
  // Read when the plan is built, so a bad variable fails before anything starts.
  const config = loadContentConfig(env)
  const bundles = options.bundles ?? exampleBundles
  return {
    name: 'ipfs',
    dependsOn: [],
    // A Kubo node serves its own gateway: nothing listens here then.
    port: config.kind === 'helia' ? { default: 8080, env: 'IPFS_GATEWAY_PORT' } : undefined,
    async start(context): Promise<RunningService> {
      // Loaded here, not at import: Helia and the engine's packer are heavy, and most users of the
      // devkit (tests of other services) never start this one.
      const { createContentStore } = await import('@neuromation/content')
      // Without IPFS_DIR the node lives in a fresh directory removed on stop: like the local
      // chain, the local platform's content starts empty and is published again at each start.
      const ownDir = config.kind === 'helia' && !env.IPFS_DIR?.trim() ? mkdtempSync(join(tmpdir(), 'neuro-ipfs-')) : undefined
      const storeConfig: ContentConfig =
        config.kind === 'helia'
          ? // Uploads on: the local dApp publishes job specs and bundle folders through the gateway.
            {
              ...config,
              dir: ownDir ?? config.dir,
              gatewayHost: context.host,
              gatewayPort: context.port ?? 0,
              gatewayUploads: true,
            }
          : config
      const removeDir = () => {
        if (ownDir) rmSync(ownDir, { recursive: true, force: true })
      }
      let store: Awaited<ReturnType<typeof createContentStore>>
      try {
        store = await createContentStore(storeConfig, { logger: context.logger })
      } catch (error) {
        removeDir()
        throw new PlatformError(
          config.kind === 'kubo'
            ? `Could not use the Kubo node at ${redactUrl(config.rpcUrl)}.`
            : 'Could not start the embedded IPFS node.',
          { service: 'ipfs', cause: error },
        )
      }
      const stop = async () => {
        await store.close()
        removeDir()
      }
      try {
        const published = await publishBundles(store, bundles, context.signal)
        const gatewayUrl = store.gatewayBaseUrl as string
        const exports: Record<string, string> = {
          IPFS_GATEWAY_URL: gatewayUrl,
          GENERATOR_BUNDLES: JSON.stringify(Object.fromEntries(published.map(({ name, cid }) => [name, cid]))),
        }
        for (const { name, cid } of published) exports[`GENERATOR_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CID`] = cid
        if (store.kind === 'kubo') exports.IPFS_RPC_URL = store.rpcUrl
        else exports.IPFS_PEERS = store.multiaddrs()[0]
        const where = store.kind === 'kubo' ? `Kubo ${redactUrl(store.rpcUrl)}, gateway ${gatewayUrl}` : `gateway ${gatewayUrl}`
        return {
          detail: [where, ...published.map(({ name, cid }) => `${name} ${cid}`)].join(' · '),
          exports,
          stop,
        }
      } catch (error) {
        await stop()
        throw error
      }
    },
  }
}

type Published = { name: string; cid: string }

/**
 * Packs each generator directory (engine's packGenerator: generator.json + one bundled module)
 * and adds it as a directory. The CID the store returns must be the one the engine computes for
 * the same files (its bundleCid), or executors would refuse what the dApp offers.
 */
async function publishBundles(
  store: { addDirectory: (entries: { path: string; bytes: Uint8Array }[], options: { signal: AbortSignal }) => Promise<string> },
  dirs: readonly string[],
  signal: AbortSignal,
): Promise<Published[]> {
  const { packGenerator } = await import('@neuromation/engine')
  const published: Published[] = []
  for (const dir of dirs) {
    let bundle: Awaited<ReturnType<typeof packGenerator>>
    try {
      bundle = await packGenerator(join(repoRoot, dir))
    } catch (error) {
      throw new PlatformError(`Could not pack the generator in ${dir}.`, {
        service: 'ipfs',
        cause: error,
        metaMessages: [`Check it with \`npx neuro-gen pack ${dir}\`.`],
      })
    }
    const entries = Object.entries(bundle.files).map(([path, bytes]) => ({ path, bytes }))
    const cid = await store.addDirectory(entries, { signal })
    if (cid !== bundle.cid) {
      throw new PlatformError(`The content store published ${dir} as ${cid}, but the engine computes ${bundle.cid}.`, {
        service: 'ipfs',
        metaMessages: ['Both must build the directory with the same CID options (CIDv1, raw leaves, 256 KiB chunks).'],
      })
    }
    published.push({ name: bundle.manifest.name, cid })
  }
  return published
}
