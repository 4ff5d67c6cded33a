// The content layer on a Kubo node (production: a node or IPFS Cluster next to the executor),
// through its RPC API with kubo-rpc-client. The node is not trusted: every block read from it is
// hashed against its CID before use by the DAG reader (files and directories are then assembled
// here from verified blocks), and every CID an add returns is recomputed here from the bytes sent,
// with the same importer and options; any difference is a ContentError('CidMismatch').

import type { Logger } from '@neuromation/runtime'
import { redactUrl } from '@neuromation/runtime'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { create, type KuboRPCClient } from 'kubo-rpc-client'
import type { CID } from 'multiformats/cid'
import { buildDag, checkEntries } from './buildDag'
import { ContentError } from './ContentError'
import type { AddOptions, ContentStore, DirectoryInput, FetchOptions } from './ContentStore'
import { kuboAddOptions } from './cidOptions'
import { createDagReader } from './createDagReader'
import { gatewayUrlOf } from './gatewayUrlOf'
import { parseCid } from './parseCid'
import { readMethods } from './readMethods'

export type KuboStoreOptions = {
  /** The RPC API, e.g. http://127.0.0.1:5001 (Kubo's default). */
  rpcUrl: string
  /** The node's HTTP gateway for browsers; default the RPC host on port 8080 (Kubo's default). */
  gatewayUrl?: string
  logger?: Logger
  /** No block for this long: ContentNotFound (default 30 s). */
  fetchTimeoutMs?: number
}

export type KuboStore = ContentStore & { readonly kind: 'kubo'; readonly rpcUrl: string; readonly gatewayBaseUrl: string }

export function createKuboStore(options: KuboStoreOptions): KuboStore {
  const rpcUrl = checkUrl(options.rpcUrl, 'rpcUrl')
  const gatewayBase = options.gatewayUrl ? checkUrl(options.gatewayUrl, 'gatewayUrl') : defaultGateway(rpcUrl)
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 30_000
  const logger = options.logger?.child({ module: 'content', store: 'kubo', rpc: redactUrl(rpcUrl) })
  const client: KuboRPCClient = create({ url: rpcUrl })
  const where = `the Kubo node at ${redactUrl(rpcUrl)}`

  const blocks = {
    // Raw blocks, unverified: the reader hashes each against its CID (createDagReader).
    async get(cid: CID, opts: { signal?: AbortSignal } = {}) {
      try {
        return await client.block.get(cid, { signal: opts.signal })
      } catch (error) {
        throw fromRpc(error, `block/get ${cid}`, opts.signal)
      }
    },
  }
  const reader = createDagReader(blocks, { fetchTimeoutMs, where })

  let closed = false
  const open = () => {
    if (closed) throw new ContentError('StoreClosed', 'The content store is closed.')
  }

  function fromRpc(error: unknown, what: string, signal?: AbortSignal): unknown {
    if (error instanceof ContentError || signal?.aborted) return error
    const name = (error as { name?: string })?.name
    const message = (error as Error)?.message ?? String(error)
    if (name === 'TimeoutError') return new ContentError('ContentNotFound', `${what}: ${where} timed out.`, { cause: error })
    if (name === 'HTTPError') {
      const status = (error as { response?: { status?: number } }).response?.status ?? 0
      if (/not found|no link named|does not exist/i.test(message)) {
        return new ContentError('ContentNotFound', `${what}: not found on ${where}.`, { cause: error })
      }
      if (status >= 500 && !/invalid|malformed|failed to parse/i.test(message)) {
        return new ContentError('NodeUnavailable', `${what}: ${where} failed (HTTP ${status}).`, { cause: error })
      }
      return new ContentError('InvalidInput', `${what}: ${where} refused the request: ${message}`, { cause: error })
    }
    return new ContentError('NodeUnavailable', `${what}: cannot reach ${where}.`, {
      cause: error,
      metaMessages: ['Is the node running and its API address right (IPFS_RPC_URL)?'],
    })
  }

  /** Recomputes the CID of what was sent and refuses the node's answer when they differ. */
  async function expectCid(returned: CID | string, input: Uint8Array | readonly DirectoryInput[], what: string): Promise<string> {
    const expected = await buildDag(new MemoryBlockstore(), input)
    const got = parseCid(returned.toString())
    if (!got.equals(expected)) {
      throw new ContentError('CidMismatch', `${where} returned ${got} for ${what}, but those bytes have CID ${expected}.`, {
        metaMessages: ['The node is faulty, misconfigured (other CID options) or malicious; nothing was recorded.'],
      })
    }
    return expected.toString()
  }

  return {
    kind: 'kubo',
    rpcUrl,
    gatewayBaseUrl: gatewayBase,

    async addBytes(bytes: Uint8Array, opts: AddOptions = {}) {
      open()
      if (!(bytes instanceof Uint8Array)) throw new ContentError('InvalidInput', 'addBytes takes a Uint8Array.')
      let cid: CID
      try {
        ;({ cid } = await client.add(bytes, { ...kuboAddOptions, pin: opts.pin !== false, signal: opts.signal }))
      } catch (error) {
        throw fromRpc(error, 'add', opts.signal)
      }
      const checked = await expectCid(cid, bytes, `a file of ${bytes.byteLength} bytes`)
      logger?.debug({ msg: 'added file', cid: checked, bytes: bytes.byteLength })
      return checked
    },

    async addDirectory(entries: readonly DirectoryInput[], opts: AddOptions = {}) {
      open()
      const files = checkEntries(entries)
      let root: CID | undefined
      try {
        for await (const added of client.addAll(
          files.map(({ path, bytes }) => ({ path, content: bytes })),
          { ...kuboAddOptions, wrapWithDirectory: true, pin: opts.pin !== false, signal: opts.signal },
        )) {
          // The wrapping directory comes last, with an empty path.
          root = added.cid
        }
      } catch (error) {
        throw fromRpc(error, 'add (directory)', opts.signal)
      }
      if (!root) throw new ContentError('NodeUnavailable', `${where} returned nothing for a directory add.`)
      const checked = await expectCid(root, files, `a directory of ${files.length} files`)
      logger?.debug({ msg: 'added directory', cid: checked, files: files.length })
      return checked
    },

    ...readMethods(reader, open),

    async pin(cid: string, opts: FetchOptions = {}) {
      open()
      const parsed = parseCid(cid)
      const signal = anySignal(opts.signal, opts.timeoutMs ?? fetchTimeoutMs)
      try {
        await client.pin.add(parsed, { signal })
      } catch (error) {
        if (opts.signal?.aborted) throw opts.signal.reason
        if (signal.aborted)
          throw new ContentError('ContentNotFound', `Could not pin ${cid}: ${where} did not find all of it in time.`, {
            cause: error,
          })
        throw fromRpc(error, `pin ${cid}`, opts.signal)
      }
    },

    async has(cid: string, opts: { signal?: AbortSignal } = {}) {
      open()
      const parsed = parseCid(cid)
      try {
        // offline: answer from the node's own store, never a network search for the block. Kubo
        // answers at once; a node that ignores the flag (js-ipfs) is given up on after 3 s.
        await client.block.stat(parsed, { offline: true, signal: anySignal(opts.signal, 3_000) } as never)
        return true
      } catch (error) {
        if (opts.signal?.aborted) throw opts.signal.reason
        const mapped = fromRpc(error, `block/stat ${cid}`, opts.signal)
        if (mapped instanceof ContentError && mapped.code === 'ContentNotFound') return false
        // Our own 3 s limit: the node does not have it at hand.
        if ((error as { name?: string })?.name === 'AbortError' || (error as { name?: string })?.name === 'TimeoutError')
          return false
        throw mapped
      }
    },

    gatewayUrl(cid: string, path?: string) {
      return gatewayUrlOf(gatewayBase, cid, path)
    },

    async close() {
      // The client holds no connection beyond HTTP keep-alive; closing only refuses later calls.
      closed = true
    },
  }
}

function anySignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return signal ? AbortSignal.any([signal, timeout]) : timeout
}

function checkUrl(value: string, name: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ContentError('InvalidInput', `${name} "${value}" is not a URL; give e.g. http://127.0.0.1:5001.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ContentError('InvalidInput', `${name} "${redactUrl(value)}" must be http or https.`)
  }
  return value.replace(/\/+$/, '')
}

function defaultGateway(rpcUrl: string): string {
  const url = new URL(rpcUrl)
  // hostname keeps the brackets of an IPv6 literal.
  return `${url.protocol}//${url.hostname}:8080`
}
