import { FsBlockstore } from 'blockstore-fs'
import type { CID } from 'multiformats/cid'

/**
 * blockstore-fs with one write per block at a time. It writes each block to `.<name>.tmp` and
 * renames it; two concurrent puts of the same block (identical chunks in one file, a block
 * fetched by two reads at once) share that temp name, so one rename fails and is retried after
 * 100 ms, up to ten times. Concurrent puts of one CID here wait for the first instead.
 */
export function createFsBlockstore(path: string): FsBlockstore {
  const store = new FsBlockstore(path)
  const inFlight = new Map<string, Promise<CID>>()
  const put = store.put.bind(store)
  store.put = (cid, bytes, options) => {
    const key = cid.toString()
    const pending = inFlight.get(key)
    if (pending) return pending
    const write = Promise.resolve(put(cid, bytes, options)).finally(() => inFlight.delete(key))
    inFlight.set(key, write)
    return write
  }
  return store
}
