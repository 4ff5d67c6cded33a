// The one interface of the content layer (DESIGN.md "Content layer"): an embedded Helia node by
// default, a Kubo node when an RPC URL is set. Callers (executors, devkit, tests) hold a
// ContentStore and never know which. CIDs are strings at this boundary (CIDv1, base32), so no
// caller depends on a particular multiformats copy.

/** A file of a directory to add: `path` is relative and uses `/` (e.g. `shards/000.tar`). */
export type DirectoryInput = { path: string; bytes: Uint8Array }

/** One entry of a listed directory. `size` is the file's byte length, or the directory's DAG size. */
export type DirectoryEntry = { name: string; cid: string; size: number; type: 'file' | 'directory' }

export type AddOptions = {
  signal?: AbortSignal
  /** Keep the content from garbage collection (default true, as `ipfs add`). */
  pin?: boolean
}

export type GetOptions = {
  signal?: AbortSignal
  /** How long to wait for blocks that are not here yet (default: the store's fetchTimeoutMs). */
  timeoutMs?: number
  /** Refuse files bigger than this many bytes with ContentError('ContentTooLarge'). */
  maxBytes?: number
}

export type FetchOptions = Pick<GetOptions, 'signal' | 'timeoutMs'>

export interface ContentStore {
  /** 'helia' (embedded) or 'kubo' (remote node). */
  readonly kind: 'helia' | 'kubo'
  /** Adds one file; resolves to its CID (CIDv1, raw leaves, 256 KiB chunks). */
  addBytes(bytes: Uint8Array, options?: AddOptions): Promise<string>
  /**
   * Adds a UnixFS directory of files (nested paths make subdirectories); resolves to the root
   * directory's CID, the same for the same files whatever their order.
   */
  addDirectory(entries: readonly DirectoryInput[], options?: AddOptions): Promise<string>
  /** The bytes of a file CID, verified against it. */
  get(cid: string, options?: GetOptions): Promise<Uint8Array>
  /** The bytes of the file at `path` inside directory `dirCid`, verified. */
  getFile(dirCid: string, path: string, options?: GetOptions): Promise<Uint8Array>
  /** The entries of a directory CID, sorted by name. */
  ls(cid: string, options?: FetchOptions): Promise<DirectoryEntry[]>
  /** Pins a CID and everything under it (fetching what is missing). */
  pin(cid: string, options?: FetchOptions): Promise<void>
  /** True when the CID's root block is stored by this node (no network lookup). */
  has(cid: string, options?: { signal?: AbortSignal }): Promise<boolean>
  /** Where a browser opens the content: `<gateway>/ipfs/<cid>[/<path>]`. */
  gatewayUrl(cid: string, path?: string): string
  /** Stops the node or client; idempotent. Later calls fail with ContentError('StoreClosed'). */
  close(): Promise<void>
}
