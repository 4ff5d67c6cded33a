import { normalizePath } from './normalizePath'
import { parseCid } from './parseCid'

/** `<base>/ipfs/<cid>[/<path>]` with each path segment percent-encoded; checks both. */
export function gatewayUrlOf(base: string, cid: string, path?: string): string {
  const root = `${base.replace(/\/+$/, '')}/ipfs/${parseCid(cid).toString()}`
  if (path === undefined || path === '') return root
  return `${root}/${normalizePath(path).split('/').map(encodeURIComponent).join('/')}`
}
