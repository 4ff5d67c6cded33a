import { FsDatastore } from 'datastore-fs'

export type SealableFsDatastore = FsDatastore & {
  /** Waits for writes in flight, then drops later ones; call after the node stopped, before removing `path`. */
  seal: () => Promise<void>
}

/**
 * datastore-fs whose writes can be sealed off at shutdown. libp2p's peer store keeps writing peer
 * records for a moment after the node stopped (connections closing), and each write recreates its
 * directory: a store removed on close would reappear as an orphan. Sealed, such writes are
 * dropped, which loses nothing (peer records are a cache).
 */
export function createFsDatastore(path: string): SealableFsDatastore {
  const store = new FsDatastore(path) as SealableFsDatastore
  const pending = new Set<Promise<unknown>>()
  let sealed = false
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise)
    promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    )
    return promise
  }
  const put = store.put.bind(store)
  const remove = store.delete.bind(store)
  // putMany / deleteMany / batches go through these two.
  store.put = (key, value, options) => (sealed ? Promise.resolve(key) : track(put(key, value, options)))
  store.delete = (key, options) => (sealed ? Promise.resolve() : track(remove(key, options)))
  store.seal = async () => {
    sealed = true
    await Promise.allSettled([...pending])
  }
  return store
}
