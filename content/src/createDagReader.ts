import { exporter, type UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'
import { ContentError } from './ContentError'
import type { DirectoryEntry, GetOptions } from './ContentStore'
import { createDeadline, type Deadline } from './createDeadline'
import { normalizePath } from './normalizePath'
import { parseCid } from './parseCid'

/** Blocks by CID: Helia's blockstore (local, then bitswap) or a verifying Kubo fetcher. */
export type BlockSource = {
  get(cid: CID, options?: { signal?: AbortSignal }): unknown
}

export type ReadOptions = GetOptions & {
  offline?: boolean
  /** Most entries a listing may hold (default: the reader's maxListedEntries); more is DirectoryTooLarge. */
  maxEntries?: number
}

/**
 * Most entries one directory listing holds: a HAMT-sharded directory can hold millions, and a
 * listing reads every link and every child's root block, so one gateway request could allocate
 * and fetch without bound. Entries beyond it stay reachable by path (`/ipfs/<cid>/<name>`).
 */
export const MAX_LISTED_ENTRIES = 10_000

/** A UnixFS file (or raw block) resolved from a CID and a path, ready to stream. */
export type ResolvedFile = {
  cid: CID
  /** The last path segment, or the CID for a bare CID (content types are guessed from it). */
  name: string
  size: number
  /** Streams `length` bytes from `offset`; errors are ContentErrors. */
  content: (range?: { offset?: number; length?: number; signal?: AbortSignal }) => AsyncGenerator<Uint8Array>
}

export type ResolvedDirectory = { cid: CID; name: string; list: (options?: ReadOptions) => Promise<DirectoryEntry[]> }

export type Resolved = ({ type: 'file' } & ResolvedFile) | ({ type: 'directory' } & ResolvedDirectory)

export type DagReader = {
  /** The file or directory at `path` under `cid` (after at most one idle timeout for missing blocks). */
  resolve: (cid: string | CID, path: string | undefined, options?: ReadOptions) => Promise<Resolved>
  /** A whole file's bytes, refused above maxBytes. */
  readAll: (cid: string | CID, path: string | undefined, options?: ReadOptions) => Promise<Uint8Array>
  list: (cid: string | CID, options?: ReadOptions) => Promise<DirectoryEntry[]>
}

/**
 * Reads UnixFS DAGs from `blocks` with ipfs-unixfs-exporter, for both stores and the gateway.
 * Every read has an idle timeout (no block for `fetchTimeoutMs` = not found, retryable), and
 * the exporter's errors become ContentErrors that say what was asked for.
 */
export function createDagReader(
  blocks: BlockSource,
  options: { fetchTimeoutMs: number; where: string; maxListedEntries?: number },
): DagReader {
  const { where } = options
  const maxListedEntries = options.maxListedEntries ?? MAX_LISTED_ENTRIES

  // A view of `blocks` that restarts the deadline's idle clock on every block delivered.
  const tracked = (deadline: Deadline) => ({
    async *get(cid: CID, opts: { signal?: AbortSignal } = {}) {
      // The exporter passes the signal of the current read (resolve or a content stream).
      try {
        const result = blocks.get(cid, { ...opts, signal: opts.signal ?? deadline.signal })
        for await (const chunk of asChunks(await result)) {
          yield chunk
        }
      } catch (error) {
        // A store that answers "no such block" at once (an offline or memory store) means the
        // content is not here, which the exporter would report like a missing path.
        if ((error as { name?: string })?.name === 'NotFoundError') {
          throw new ContentError('ContentNotFound', `Block ${cid} is not on ${where}.`, { cause: error })
        }
        throw error
      }
      deadline.touch()
    },
  })

  async function run<T>(what: string, opts: ReadOptions, fn: (deadline: Deadline) => Promise<T>): Promise<T> {
    const deadline = createDeadline(opts.timeoutMs ?? options.fetchTimeoutMs, opts.signal)
    try {
      return await fn(deadline)
    } catch (error) {
      throw translate(error, what, deadline, opts, where)
    } finally {
      deadline.clear()
    }
  }

  async function resolveEntry(cid: CID, path: string | undefined, deadline: Deadline, opts: ReadOptions): Promise<UnixFSEntry> {
    const target = path ? `${cid}/${normalizePath(path)}` : cid
    return exporter(target, tracked(deadline) as never, { signal: deadline.signal, offline: opts.offline })
  }

  function fileOf(entry: UnixFSEntry, name: string, opts: ReadOptions): ResolvedFile {
    if (entry.type === 'directory')
      throw new ContentError('NotAFile', `${entry.cid} is a directory, not a file; list it or give a path inside it.`)
    if (entry.type === 'object')
      throw new ContentError('NotAFile', `${entry.cid} is an IPLD object (${codecName(entry.cid)}), not a UnixFS file.`)
    const file = entry
    return {
      cid: entry.cid,
      name,
      size: Number(entry.size),
      content: (range = {}) =>
        (async function* () {
          const deadline = createDeadline(opts.timeoutMs ?? options.fetchTimeoutMs, range.signal ?? opts.signal)
          try {
            // Each stream has its own idle clock, restarted by every chunk it yields; the
            // exporter hands this signal down to every block fetch of the stream.
            for await (const chunk of file.content({ offset: range.offset, length: range.length, signal: deadline.signal })) {
              deadline.touch()
              yield chunk
            }
          } catch (error) {
            throw translate(error, `reading ${entry.cid}`, deadline, opts, where)
          } finally {
            deadline.clear()
          }
        })(),
    }
  }

  async function listEntries(dir: UnixFSEntry, opts: ReadOptions, deadline: Deadline): Promise<DirectoryEntry[]> {
    if (dir.type !== 'directory')
      throw new ContentError('NotADirectory', `${dir.cid} is not a directory; get it as a file instead.`)
    const maxEntries = opts.maxEntries ?? maxListedEntries
    const links: { cid: CID; name: string }[] = []
    // Stops reading links (and shard blocks) at the cap, before fetching any child.
    for await (const link of dir.entries({ signal: deadline.signal })) {
      if (links.length >= maxEntries) {
        throw new ContentError(
          'DirectoryTooLarge',
          `${dir.cid} has more than ${maxEntries} entries, more than one listing holds; open its entries by path (${dir.cid}/<name>) instead.`,
        )
      }
      links.push({ cid: link.cid, name: link.name })
    }
    // Each child's root block says whether it is a file and how big; read them a few at a time.
    const out: DirectoryEntry[] = new Array(links.length)
    let next = 0
    const worker = async () => {
      while (next < links.length) {
        const index = next++
        const link = links[index]
        const child = await exporter(link.cid, tracked(deadline) as never, { signal: deadline.signal, offline: opts.offline })
        out[index] = {
          name: link.name,
          cid: link.cid.toString(),
          size: Number(child.size),
          type: child.type === 'directory' ? 'directory' : 'file',
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, links.length) }, worker))
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  const reader: DagReader = {
    async resolve(input, path, opts = {}) {
      const cid = parseCid(input)
      const label = path ? `${cid}/${path}` : cid.toString()
      return run(label, opts, async (deadline) => {
        const entry = await resolveEntry(cid, path, deadline, opts)
        const name = path ? (path.split('/').filter(Boolean).pop() ?? cid.toString()) : cid.toString()
        if (entry.type === 'directory') {
          return {
            type: 'directory' as const,
            cid: entry.cid,
            name,
            list: (listOpts: ReadOptions = {}) =>
              run(`listing ${entry.cid}`, { ...opts, ...listOpts }, (d) => listEntries(entry, { ...opts, ...listOpts }, d)),
          }
        }
        return { type: 'file' as const, ...fileOf(entry, name, opts) }
      })
    },

    async readAll(input, path, opts = {}) {
      const cid = parseCid(input)
      const label = path ? `${cid}/${path}` : cid.toString()
      return run(label, opts, async (deadline) => {
        const entry = await resolveEntry(cid, path, deadline, opts)
        const file = fileOf(entry, label, opts)
        if (opts.maxBytes !== undefined && file.size > opts.maxBytes) throw tooLarge(label, file.size, opts.maxBytes)
        const out = new Uint8Array(file.size)
        let offset = 0
        if (entry.type === 'directory' || entry.type === 'object') throw new Error('unreachable')
        for await (const chunk of entry.content({ signal: deadline.signal })) {
          deadline.touch()
          // A DAG whose blocks hold more than its UnixFS size says is malformed: never overrun.
          if (offset + chunk.byteLength > out.byteLength) {
            throw new ContentError('CidMismatch', `${label} holds more bytes than its size field (${file.size}) says.`)
          }
          out.set(chunk, offset)
          offset += chunk.byteLength
        }
        if (offset !== out.byteLength)
          throw new ContentError('CidMismatch', `${label} ended after ${offset} of ${file.size} bytes.`)
        return out
      })
    },

    async list(input, opts = {}) {
      const cid = parseCid(input)
      return run(cid.toString(), opts, async (deadline) =>
        listEntries(await resolveEntry(cid, undefined, deadline, opts), opts, deadline),
      )
    },
  }
  return reader
}

function tooLarge(label: string, size: number, maxBytes: number): ContentError {
  return new ContentError('ContentTooLarge', `${label} is ${size} bytes, over the limit of ${maxBytes} bytes.`, {
    metaMessages: ['Raise maxBytes if this file is expected, or stream it through the gateway.'],
  })
}

function codecName(cid: CID): string {
  return { 113: 'dag-cbor', 297: 'dag-json', 512: 'json' }[cid.code] ?? `codec 0x${cid.code.toString(16)}`
}

async function* asChunks(value: unknown): AsyncGenerator<Uint8Array> {
  if (value instanceof Uint8Array) {
    yield value
    return
  }
  if (value && typeof value === 'object' && (Symbol.asyncIterator in value || Symbol.iterator in value)) {
    yield* value as AsyncIterable<Uint8Array>
    return
  }
  throw new Error(`a blockstore returned ${typeof value}, not bytes`)
}

/** The exporter's and the network's failures, as ContentErrors naming what was asked for. */
function translate(error: unknown, what: string, deadline: Deadline, opts: ReadOptions, where: string): unknown {
  if (error instanceof ContentError) return error
  if (opts.signal?.aborted) return opts.signal.reason ?? error
  if (deadline.timedOut) {
    const ms = opts.timeoutMs
    return new ContentError(
      'ContentNotFound',
      `${what} was not found on ${where} within ${ms ?? 'the fetch timeout'}${ms ? ' ms' : ''}.`,
      {
        cause: error,
        metaMessages: ['Check the CID, that a node holding it is connected, or retry with a longer timeoutMs.'],
      },
    )
  }
  const name = (error as { name?: string })?.name
  const message = (error as Error)?.message ?? String(error)
  if (opts.offline && name === 'NotFoundError' && /block|offline/i.test(message)) {
    return new ContentError('ContentNotFound', `${what} is not stored on ${where}.`, { cause: error })
  }
  if (name === 'NotFoundError') return new ContentError('PathNotFound', `${what} does not exist.`, { cause: error })
  if (name === 'NoResolverError' || name === 'NotUnixFSError') {
    return new ContentError('Unsupported', `${what} is not UnixFS data this layer can read.`, { cause: error })
  }
  if (name === 'BadPathError') return new ContentError('InvalidPath', `Bad path in ${what}.`, { cause: error })
  return error
}
