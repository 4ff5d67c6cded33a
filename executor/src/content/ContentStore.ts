/** Limits of one read: fetching a missing CID can hang forever, and a hostile one can be huge. */
export type GetOptions = { timeoutMs?: number; maxBytes?: number; signal?: AbortSignal }

/**
 * The part of @neuromation/content's ContentStore the executor uses (market-common: addBytes,
 * addDirectory, get, getFile, ...). Everything read back is verified against its CID by the store.
 */
export interface ContentStore {
  addBytes(bytes: Uint8Array): Promise<string>
  /** Adds a directory of files (name -> bytes) and returns its CID. */
  addDirectory(files: Record<string, Uint8Array>): Promise<string>
  get(cid: string, options?: GetOptions): Promise<Uint8Array>
  getFile(dirCid: string, path: string, options?: GetOptions): Promise<Uint8Array>
  close?(): Promise<void>
}
