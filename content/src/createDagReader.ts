import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { exporter, type UnixFSEntry, walkPath } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'
import { ContentError } from './ContentError'
import type { DirectoryEntry, GetOptions } from './ContentStore'
import { CHUNK_SIZE } from './cidOptions'
import { createDeadline, type Deadline } from './createDeadline'
import { normalizePath } from './normalizePath'
import { parseCid } from './parseCid'
import { hasherOf, verifyBlock } from './verifyBlock'

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

/**
 * The slowest delivery a read waits for, by default: one 256 KiB chunk a second. The idle timeout
 * alone lets a peer that sends one block just before each timeout hold a 32 MiB read for hours
 * (128 blocks x 30 s), so every get, getFile, ls and resolve also has a total deadline of twice the
 * idle timeout (finding the content, and slack for the last block) plus the bytes it may read at
 * this rate: 2 x 30 s + 128 s for a 32 MiB bundle. Until a file's size is known the bytes are the
 * caller's maxBytes (0 without one); once it is, the deadline shrinks (or grows) to the file's size.
 */
export const MIN_BYTES_PER_SECOND = CHUNK_SIZE

/**
 * The total deadline of a listing grows by this much per entry (one child root block each, 100 a
 * second, far slower than any connected peer serves them), after twice the idle timeout.
 */
export const LISTING_MS_PER_ENTRY = 10

/**
 * Blocks a read may fetch: this many for the path, the file's internal nodes and slack, plus one
 * per MIN_BLOCK_BYTES of what it may read. Chunkers put far more in a leaf (256 KiB here and in
 * Kubo); a DAG split finer than this is built to make readers fetch without end, and each block
 * is a round trip (a million 32-byte leaves make a 32 MiB file). More is ContentTooLarge.
 */
export const BASE_BLOCKS = 1_000
export const MIN_BLOCK_BYTES = 1_024

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

/** One get, getFile, ls or resolve: its clocks and the blocks it fetched against its cap. */
type Operation = { what: string; deadline: Deadline; idleMs: number; blocks: number; maxBlocks: number; done: boolean }

/**
 * Reads UnixFS DAGs from `blocks` with ipfs-unixfs-exporter, for both stores and the gateway.
 * Every read has an idle timeout (no block for `fetchTimeoutMs` = not found, retryable), a total
 * deadline and a cap on blocks that scale with what it may read (MIN_BYTES_PER_SECOND,
 * BASE_BLOCKS), and the exporter's errors become ContentErrors that say what was asked for.
 * A file's content stream (the gateway's) has the idle timeout only: its client paces it.
 */
export function createDagReader(
  blocks: BlockSource,
  options: {
    fetchTimeoutMs: number
    where: string
    maxListedEntries?: number
    /** The slowest delivery a read waits for (default MIN_BYTES_PER_SECOND). */
    minBytesPerSecond?: number
  },
): DagReader {
  const { where } = options
  const maxListedEntries = options.maxListedEntries ?? MAX_LISTED_ENTRIES
  const minBytesPerSecond = options.minBytesPerSecond ?? MIN_BYTES_PER_SECOND

  // The total deadline and block cap of an operation that may read `bytes` bytes of a file.
  const allowBytes = (op: Operation, bytes: number) => {
    op.deadline.limit(2 * op.idleMs + Math.ceil((bytes * 1000) / minBytesPerSecond))
    op.maxBlocks = BASE_BLOCKS + Math.ceil(bytes / MIN_BLOCK_BYTES)
  }

  // How a failed block read ends the read it belongs to, by the signal the exporter passes down.
  const failures = new WeakMap<AbortSignal, (reason: unknown) => void>()
  const newDeadline = (idleMs: number, signal: AbortSignal | undefined) => {
    const deadline = createDeadline(idleMs, signal)
    failures.set(deadline.signal, deadline.fail)
    return deadline
  }

  // A view of `blocks` that verifies every block against its CID, restarts the deadline's idle
  // clock on every block delivered and counts blocks against the operation's cap while it runs (a
  // resolved file's content stream reads through it later, under its own idle clock). Verified
  // here, whatever the source: a peer, a Kubo node, or this node's own disk (a flipped bit, a
  // meddling process), since what is read may be served as immutable under its CID.
  const tracked = (op: Operation) => ({
    async *get(cid: CID, opts: { signal?: AbortSignal } = {}) {
      const { deadline } = op
      // The exporter passes the signal of the current read (resolve, listing or a content stream).
      const signal = opts.signal ?? deadline.signal
      try {
        // A read that ended (failed, timed out) fetches nothing more, whatever the store does with signals.
        signal.throwIfAborted()
        // A hash this layer cannot check: refused before it is fetched (Helia would throw its own error).
        hasherOf(cid)
        if (!op.done && ++op.blocks > op.maxBlocks) {
          throw new ContentError(
            'ContentTooLarge',
            `${op.what} needs more than ${op.maxBlocks} blocks, more than a read of its size fetches (stopped after ${deadline.elapsedMs()} ms).`,
            {
              metaMessages: [
                `Add it with the usual chunker (256 KiB chunks, as ipfs add does): at least ${MIN_BLOCK_BYTES} bytes a block.`,
              ],
            },
          )
        }
        const chunks: Uint8Array[] = []
        for await (const chunk of asChunks(await blocks.get(cid, { ...opts, signal }))) chunks.push(chunk)
        const bytes = await verifyBlock(cid, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), where)
        checkNode(cid, bytes, op.what)
        yield bytes
      } catch (error) {
        // A store that answers "no such block" at once (an offline or memory store) means the
        // content is not here, which the exporter would report like a missing path.
        const reason =
          (error as { name?: string })?.name === 'NotFoundError'
            ? new ContentError('ContentNotFound', `Block ${cid} is not on ${where}.`, { cause: error })
            : error
        const fail = failures.get(signal)
        if (!fail) throw reason
        // ipfs-unixfs-exporter reads the deeper levels of a big (over 174 chunks) or finely split
        // file in tasks whose rejections nobody handles (`void childQueue.add(...)`), and an
        // unhandled rejection ends a Node process. So a failed block read ends its read through
        // the read's signal (which the reader waits on, orAbort) and stays pending: nothing holds
        // it once the read is over, so it is collected.
        fail(reason)
        await new Promise<never>(() => {})
      }
      deadline.touch()
    },
  })

  async function run<T>(what: string, opts: ReadOptions, fn: (op: Operation) => Promise<T>): Promise<T> {
    const idleMs = opts.timeoutMs ?? options.fetchTimeoutMs
    const op: Operation = { what, deadline: newDeadline(idleMs, opts.signal), idleMs, blocks: 0, maxBlocks: 0, done: false }
    allowBytes(op, opts.maxBytes ?? 0)
    try {
      return await orAbort(fn(op), op.deadline.signal)
    } catch (error) {
      // Stops what the exporter still reads in the background (sibling blocks of a failed one).
      op.deadline.fail(error)
      throw translate(error, what, op.deadline, opts, where, { blocks: op.blocks, minBytesPerSecond })
    } finally {
      op.done = true
      op.deadline.clear()
    }
  }

  async function resolveEntry(cid: CID, path: string | undefined, op: Operation, opts: ReadOptions): Promise<UnixFSEntry> {
    const target = path ? `${cid}/${normalizePath(path)}` : cid
    const exporterOptions = { signal: op.deadline.signal, offline: opts.offline }
    try {
      return await exporter(target, tracked(op) as never, exporterOptions)
    } catch (error) {
      // ipfs-unixfs-exporter reads a path below a file of several blocks as IPLD pathing into its
      // dag-pb node, and fails with NotUnixFSError as for data it cannot read. A path below a file
      // does not exist: find where the walk stopped, and say so when that is a file.
      if (!path || (error as { name?: string })?.name !== 'NotUnixFSError') throw error
      let reached = cid
      try {
        for await (const step of walkPath(target, tracked(op) as never, exporterOptions)) reached = step.cid
      } catch {
        // it stopped at `reached`
      }
      const stop = await exporter(reached, tracked(op) as never, exporterOptions)
      if (stop.type !== 'file' && stop.type !== 'raw') throw error
      throw new ContentError('PathNotFound', `${cid}/${path} does not exist: ${reached} is a file, not a directory.`)
    }
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
          const deadline = newDeadline(opts.timeoutMs ?? options.fetchTimeoutMs, range.signal ?? opts.signal)
          // Each stream has its own idle clock, restarted by every chunk it yields; the
          // exporter hands this signal down to every block fetch of the stream.
          const chunks = file.content({ offset: range.offset, length: range.length, signal: deadline.signal })
          let finished = false
          try {
            for (;;) {
              const next = await orAbort(chunks.next(), deadline.signal)
              if (next.done) break
              deadline.touch()
              yield next.value
            }
            finished = true
          } catch (error) {
            deadline.fail(error)
            throw translate(error, `reading ${entry.cid}`, deadline, opts, where)
          } finally {
            deadline.clear()
            // Not awaited: after a failed read the exporter's generator waits on a block read that never ends.
            if (!finished) chunks.return(undefined).catch(() => undefined)
          }
        })(),
    }
  }

  async function listEntries(dir: UnixFSEntry, opts: ReadOptions, op: Operation): Promise<DirectoryEntry[]> {
    if (dir.type !== 'directory')
      throw new ContentError('NotADirectory', `${dir.cid} is not a directory; get it as a file instead.`)
    const { deadline } = op
    const maxEntries = opts.maxEntries ?? maxListedEntries
    // Shard blocks (a HAMT's are at most 8 deep) and one root block per listed entry.
    op.maxBlocks = BASE_BLOCKS + 2 * maxEntries
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
    deadline.limit(2 * op.idleMs + links.length * LISTING_MS_PER_ENTRY)
    // Each child's root block says whether it is a file and how big; read them a few at a time.
    const out: DirectoryEntry[] = new Array(links.length)
    let next = 0
    const worker = async () => {
      while (next < links.length) {
        const index = next++
        const link = links[index]
        const child = await exporter(link.cid, tracked(op) as never, { signal: deadline.signal, offline: opts.offline })
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
      return run(label, opts, async (op) => {
        const entry = await resolveEntry(cid, path, op, opts)
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
      return run(label, opts, async (op) => {
        const { deadline } = op
        const entry = await resolveEntry(cid, path, op, opts)
        const file = fileOf(entry, label, opts)
        if (opts.maxBytes !== undefined && file.size > opts.maxBytes) throw tooLarge(label, file.size, opts.maxBytes)
        // The size is known now (and within maxBytes): the deadline and block cap follow it.
        allowBytes(op, file.size)
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
      return run(cid.toString(), opts, async (op) => listEntries(await resolveEntry(cid, undefined, op, opts), opts, op))
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

/** `promise`, or the signal's reason once it aborts, whichever comes first; a later rejection of `promise` is handled. */
function orAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * Refuses a dag-pb block the exporter could not read as UnixFS, before the exporter parses it:
 * it parses a file's deeper nodes in tasks whose rejections nobody handles, so a well-hashed but
 * malformed node (no data, data that is no UnixFS, links its block sizes do not account for)
 * would end the process. Refused here, it ends its read like a failed block read.
 */
function checkNode(cid: CID, bytes: Uint8Array, what: string): void {
  if (cid.code !== dagPb.code) return
  let problem: string | undefined
  try {
    const node = dagPb.decode(bytes)
    if (node.Data === undefined) problem = 'it has no UnixFS data'
    else {
      const unixfs = UnixFS.unmarshal(node.Data)
      if ((unixfs.type === 'file' || unixfs.type === 'raw') && unixfs.blockSizes.length !== node.Links.length)
        problem = `it has ${node.Links.length} links but ${unixfs.blockSizes.length} block sizes`
    }
  } catch (error) {
    problem = `it does not parse (${(error as Error).message})`
  }
  if (problem !== undefined) {
    throw new ContentError(
      'Unsupported',
      `${what} holds a block that is no UnixFS node this layer can read (${cid}: ${problem}).`,
      {
        metaMessages: ['The content was built wrongly or on purpose; add it again with ipfs add or this platform.'],
      },
    )
  }
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
function translate(
  error: unknown,
  what: string,
  deadline: Deadline,
  opts: ReadOptions,
  where: string,
  progress?: { blocks: number; minBytesPerSecond: number },
): unknown {
  if (error instanceof ContentError) return error
  if (opts.signal?.aborted) return opts.signal.reason ?? error
  if (deadline.expired === 'total') {
    // Retryable like a CID nobody has: another try may find a faster peer.
    const blocks = progress ? `, ${progress.blocks} blocks fetched` : ''
    return new ContentError(
      'ContentNotFound',
      `${what} was not fetched in full from ${where} within its deadline of ${deadline.totalMs} ms (gave up after ${deadline.elapsedMs()} ms${blocks}).`,
      {
        cause: error,
        metaMessages: [
          `A read may take twice the idle timeout plus its bytes at ${progress?.minBytesPerSecond ?? MIN_BYTES_PER_SECOND} bytes/s; the peers serving it are slower. Retry later or from a better-connected node.`,
        ],
      },
    )
  }
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
