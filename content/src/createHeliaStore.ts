// The embedded content node (the default: no setup): Helia 7 with its blocks and datastore on
// disk under `dir`, libp2p on loopback only, and the HTTP gateway. It never reaches beyond this
// machine on its own: no public bootstrap peers, no delegated routing, no DHT, no mDNS or UPnP
// (Helia's defaults do all of these). Other nodes are reached by dialing their multiaddrs
// (`peers`, `connect`), and blocks move between connected nodes by bitswap.
import './installPolyfills'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '@neuromation/runtime'
import type { FsBlockstore } from 'blockstore-fs'
import { createHeliaLight } from 'helia'
import { buildDag } from './buildDag'
import { ContentError } from './ContentError'
import type { AddOptions, ContentStore, DirectoryInput, FetchOptions } from './ContentStore'
import { createDagReader } from './createDagReader'
import { createFsBlockstore } from './createFsBlockstore'
import { createFsDatastore, type SealableFsDatastore } from './createFsDatastore'
import { createGateway, type Gateway } from './createGateway'
import { gatewayUrlOf } from './gatewayUrlOf'
import type { UploadLimits } from './handleUpload'
import { parseCid } from './parseCid'
import { readMethods } from './readMethods'

export type HeliaStoreOptions = {
  /** Where blocks and node state live (created if missing); reopened with the same content and peer id. */
  dir: string
  /** The gateway's port; 0 picks a free one. */
  gatewayPort: number
  /** The gateway's interface (default 127.0.0.1). */
  gatewayHost?: string
  /** Disable the gateway (a node that only stores and serves peers). */
  gateway?: boolean
  /**
   * Let the gateway add files (`POST /api/v0/add`, for the dApp's uploads): true, or the limits to
   * take them with (UploadLimits; true takes the defaults). Default false: read-only.
   */
  gatewayUploads?: boolean | UploadLimits
  /** A gateway client that reads (or, uploading, sends) nothing for this long is disconnected (default 30 s). */
  gatewayStallTimeoutMs?: number
  logger: Logger
  /** libp2p listen addresses; default one free TCP port on 127.0.0.1. */
  listen?: string[]
  /** Multiaddrs (with /p2p/<peer id>) of nodes to connect to at start. */
  peers?: string[]
  /** No block for this long: ContentNotFound (default 30 s; the gateway uses 10 s). */
  fetchTimeoutMs?: number
}

export type HeliaStore = ContentStore & {
  readonly kind: 'helia'
  /** The gateway's base URL (e.g. http://127.0.0.1:8080), or undefined without one. */
  readonly gatewayBaseUrl: string | undefined
  readonly peerId: string
  /** Where other nodes dial this one (loopback TCP multiaddrs with /p2p/<peer id>). */
  multiaddrs: () => string[]
  /** Dials another node (a multiaddr with /p2p/<peer id>) so blocks can flow both ways. */
  connect: (address: string, options?: { signal?: AbortSignal }) => Promise<void>
}

export async function createHeliaStore(options: HeliaStoreOptions): Promise<HeliaStore> {
  const logger = options.logger.child({ module: 'content', store: 'helia' })
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 30_000
  mkdirSync(options.dir, { recursive: true })
  const blockstore = createFsBlockstore(join(options.dir, 'blocks'))
  const datastore = createFsDatastore(join(options.dir, 'datastore'))
  await blockstore.open()
  await datastore.open()

  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore, datastore }), {
      addresses: { listen: options.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      // identify tells a dialed peer which protocols (bitswap) we speak; nothing discovers peers.
      services: { identify: identify() },
      peerDiscovery: [],
    }),
  )
  let gateway: Gateway | undefined
  // The gateway is made before the store object; uploads reach the store once it exists.
  let store: HeliaStore | undefined
  const notReady = () => Promise.reject(new Error('the content store is still starting'))
  try {
    await helia.start()
    for (const peer of options.peers ?? []) await helia.libp2p.dial(multiaddr(peer), { signal: AbortSignal.timeout(10_000) })
    const reader = createDagReader(helia.blockstore, { fetchTimeoutMs, where: 'this node or its peers' })
    if (options.gateway !== false) {
      gateway = await createGateway({
        reader,
        host: options.gatewayHost,
        port: options.gatewayPort,
        logger,
        fetchTimeoutMs: Math.min(fetchTimeoutMs, 10_000),
        stallTimeoutMs: options.gatewayStallTimeoutMs,
        uploads: options.gatewayUploads
          ? {
              ...(options.gatewayUploads === true ? {} : options.gatewayUploads),
              addBytes: (bytes, addOptions) => store?.addBytes(bytes, addOptions) ?? notReady(),
              addDirectory: (entries, addOptions) => store?.addDirectory(entries, addOptions) ?? notReady(),
            }
          : undefined,
      })
    }
    logger.info({ msg: 'helia started', dir: options.dir, peerId: helia.libp2p.peerId.toString(), gateway: gateway?.url })
    store = heliaStore(helia, reader, gateway, blockstore, datastore, logger)
    return store
  } catch (error) {
    await gateway?.close()
    await helia.stop().catch(() => undefined)
    await datastore.seal()
    await blockstore.close()
    await datastore.close()
    throw error
  }
}

type Helia = Awaited<ReturnType<typeof withLibp2pLight<ReturnType<typeof createHeliaLight>>>>

function heliaStore(
  helia: Helia,
  reader: ReturnType<typeof createDagReader>,
  gateway: Gateway | undefined,
  blockstore: FsBlockstore,
  datastore: SealableFsDatastore,
  logger: Logger,
): HeliaStore {
  let closing: Promise<void> | undefined
  const open = () => {
    if (closing) throw new ContentError('StoreClosed', 'The content store is closed.')
  }

  async function pinRoot(cid: ReturnType<typeof parseCid>, signal?: AbortSignal): Promise<void> {
    if (await helia.pins.isPinned(cid, { signal })) return
    // pins.add walks the whole DAG (fetching missing blocks) and yields each block it pinned.
    for await (const _ of helia.pins.add(cid, { signal })) {
      // drain
    }
  }

  return {
    kind: 'helia',
    gatewayBaseUrl: gateway?.url,
    peerId: helia.libp2p.peerId.toString(),

    multiaddrs: () => helia.libp2p.getMultiaddrs().map(String),

    async connect(address, opts = {}) {
      open()
      let target: ReturnType<typeof multiaddr>
      try {
        target = multiaddr(address)
      } catch (error) {
        throw new ContentError('InvalidInput', `"${address}" is not a multiaddr like /ip4/127.0.0.1/tcp/4001/p2p/12D3Koo...`, {
          cause: error,
        })
      }
      try {
        await helia.libp2p.dial(target, { signal: opts.signal ?? AbortSignal.timeout(10_000) })
      } catch (error) {
        throw new ContentError('NodeUnavailable', `Could not connect to ${address}.`, { cause: error })
      }
    },

    async addBytes(bytes: Uint8Array, opts: AddOptions = {}) {
      open()
      if (!(bytes instanceof Uint8Array)) throw new ContentError('InvalidInput', 'addBytes takes a Uint8Array.')
      const cid = await buildDag(helia.blockstore, bytes, opts)
      if (opts.pin !== false) await pinRoot(cid, opts.signal)
      logger.debug({ msg: 'added file', cid: cid.toString(), bytes: bytes.byteLength })
      return cid.toString()
    },

    async addDirectory(entries: readonly DirectoryInput[], opts: AddOptions = {}) {
      open()
      const cid = await buildDag(helia.blockstore, entries, opts)
      if (opts.pin !== false) await pinRoot(cid, opts.signal)
      logger.debug({ msg: 'added directory', cid: cid.toString(), files: entries.length })
      return cid.toString()
    },

    ...readMethods(reader, open),

    async pin(cid: string, opts: FetchOptions = {}) {
      open()
      const parsed = parseCid(cid)
      // Fetch (and verify) the whole DAG under the read timeouts first, then record the pin.
      const resolved = await reader.resolve(parsed, undefined, opts)
      if (resolved.type === 'file')
        for await (const _ of resolved.content({ signal: opts.signal })) {
          // drain: every block is now local
        }
      else await resolved.list(opts)
      try {
        await pinRoot(parsed, opts.signal ?? AbortSignal.timeout(opts.timeoutMs ?? 60_000))
      } catch (error) {
        throw new ContentError('ContentNotFound', `Could not pin ${cid}: part of it is not available.`, { cause: error })
      }
    },

    async has(cid: string) {
      open()
      return helia.blockstore.has(parseCid(cid))
    },

    gatewayUrl(cid: string, path?: string) {
      if (!gateway) throw new ContentError('Unsupported', 'This Helia store runs without a gateway (gateway: false).')
      return gatewayUrlOf(gateway.url, cid, path)
    },

    close() {
      closing ??= (async () => {
        await gateway?.close()
        await helia.stop()
        await datastore.seal()
        await blockstore.close()
        await datastore.close()
        logger.info({ msg: 'helia stopped' })
      })()
      return closing
    },
  }
}
