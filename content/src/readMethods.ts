import { ContentError } from './ContentError'
import type { ContentStore, FetchOptions, GetOptions } from './ContentStore'
import type { DagReader } from './createDagReader'

/**
 * The ContentStore reads every store answers the same way: through its DAG reader, which verifies
 * each block against its CID whatever node supplied it. `open` throws once the store is closed.
 */
export function readMethods(reader: DagReader, open: () => void): Pick<ContentStore, 'get' | 'getFile' | 'ls'> {
  return {
    async get(cid: string, opts: GetOptions = {}) {
      open()
      return reader.readAll(cid, undefined, opts)
    },

    async getFile(dirCid: string, path: string, opts: GetOptions = {}) {
      open()
      if (typeof path !== 'string' || path === '')
        throw new ContentError('InvalidPath', 'getFile needs a path inside the directory, e.g. generator.json.')
      return reader.readAll(dirCid, path, opts)
    },

    async ls(cid: string, opts: FetchOptions = {}) {
      open()
      return reader.list(cid, opts)
    },
  }
}
