import { quoteInput } from '@neuromation/runtime'
import { importer } from 'ipfs-unixfs-importer'
import type { CID } from 'multiformats/cid'
import { ContentError } from './ContentError'
import type { DirectoryInput } from './ContentStore'
import { importerOptions } from './cidOptions'
import { normalizePath } from './normalizePath'

/** Where the importer writes blocks: Helia's blockstore, or a memory one to recompute a CID. */
export type BlockSink = { put(cid: CID, bytes: Uint8Array, options?: { signal?: AbortSignal }): unknown }

/**
 * Chunks `input` into UnixFS blocks written to `blocks` with the pinned CID options and returns
 * the root CID: one file for bytes, a directory (with subdirectories for nested paths) for
 * entries. Entries are sorted first, so the same files give the same CID in any order, and
 * checked (see checkEntries), so a bad list fails before anything is written.
 */
export async function buildDag(
  blocks: BlockSink,
  input: Uint8Array | readonly DirectoryInput[],
  options: { signal?: AbortSignal } = {},
): Promise<CID> {
  const isFile = input instanceof Uint8Array
  const source = isFile ? [{ content: input }] : checkEntries(input).map(({ path, bytes }) => ({ path, content: bytes }))
  // The importer takes no signal: stop it at the next block written once the caller aborts.
  // Identical chunks (zero-filled images, repeated records) give the same block; writing it once
  // matters: blockstore-fs renames a temp file per put, and concurrent puts of one block make
  // that rename fail and retry after 100 ms each.
  const written = new Map<string, unknown>()
  const sink = {
    put: async (cid: CID, bytes: Uint8Array) => {
      options.signal?.throwIfAborted()
      const key = cid.toString()
      if (!written.has(key)) written.set(key, blocks.put(cid, bytes, { signal: options.signal }))
      await written.get(key)
      return cid
    },
  }
  let root: CID | undefined
  for await (const entry of importer(source, sink as never, { ...importerOptions, wrapWithDirectory: !isFile })) {
    root = entry.cid
  }
  // The importer yields the wrapping directory (or the single file) last.
  if (!root) throw new ContentError('InvalidInput', 'Nothing was imported.')
  return root
}

/** The longest name (path segment) a directory may hold, in UTF-8 bytes: what file systems take (NAME_MAX), so an executor can write every file of a bundle it fetched. */
export const MAX_NAME_BYTES = 255

/** The most segments a path may have: the importer builds (and a reader walks) one level per segment, recursively; 2,000 overflow its stack. */
export const MAX_PATH_DEPTH = 100

/**
 * Normalized, sorted entries; refuses an empty list, duplicates, a file used as a folder, and
 * names or depths past MAX_NAME_BYTES and MAX_PATH_DEPTH.
 */
export function checkEntries(entries: readonly DirectoryInput[]): DirectoryInput[] {
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new ContentError('InvalidInput', 'A directory needs at least one file: give [{ path, bytes }, ...].')
  }
  const files = new Map<string, Uint8Array>()
  for (const [index, entry] of entries.entries()) {
    if (!entry || typeof entry !== 'object' || !(entry.bytes instanceof Uint8Array)) {
      throw new ContentError('InvalidInput', `Entry ${index} is not { path: string, bytes: Uint8Array }.`)
    }
    const path = normalizePath(entry.path)
    checkLimits(path)
    if (files.has(path)) throw new ContentError('InvalidInput', `Path "${path}" is given twice; each file needs its own path.`)
    files.set(path, entry.bytes)
  }
  const paths = [...files.keys()].sort()
  for (const path of paths) {
    const folders = path.split('/').slice(0, -1)
    for (let depth = 1; depth <= folders.length; depth += 1) {
      const folder = folders.slice(0, depth).join('/')
      if (files.has(folder)) {
        throw new ContentError('InvalidInput', `"${folder}" is a file but "${path}" uses it as a folder; rename one of them.`)
      }
    }
  }
  return paths.map((path) => ({ path, bytes: files.get(path) as Uint8Array }))
}

function checkLimits(path: string): void {
  const segments = path.split('/')
  let problem: string | undefined
  if (segments.length > MAX_PATH_DEPTH) problem = `is ${segments.length} segments deep; at most ${MAX_PATH_DEPTH} are allowed`
  else {
    const longest = Math.max(...segments.map((segment) => Buffer.byteLength(segment)))
    if (longest > MAX_NAME_BYTES)
      problem = `has a name of ${longest} bytes; at most ${MAX_NAME_BYTES} (a file system's limit) are allowed`
  }
  if (problem) {
    throw new ContentError('InvalidPath', `Path ${quoteInput(path, 100)} ${problem}.`, {
      metaMessages: ['Use shorter names and fewer nested folders.'],
    })
  }
}
