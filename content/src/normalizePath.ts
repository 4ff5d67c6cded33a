import { quoteInput } from '@neuromation/runtime'
import { ContentError } from './ContentError'

/**
 * A relative path inside a UnixFS directory, checked and normalized: `/` separators, no empty,
 * `.` or `..` segments, no leading slash, no NUL or backslash (which a Windows user may mean as a
 * separator and a gateway would not). Leading `./` is dropped. Throws ContentError('InvalidPath').
 */
export function normalizePath(path: string): string {
  if (typeof path !== 'string') throw new ContentError('InvalidPath', `A path must be a string, got ${typeof path}.`)
  const trimmed = path.startsWith('./') ? path.slice(2) : path
  const problem = trimmed === '' ? 'is empty' : problemOf(trimmed)
  if (problem) {
    // Escaped (a NUL shows as \u0000, not raw) and cut short: the path may come from a request.
    throw new ContentError('InvalidPath', `Path ${quoteInput(path, 200)} ${problem}.`, {
      metaMessages: ['Use a relative path with / separators, e.g. shards/000000.tar.'],
    })
  }
  return trimmed
}

function problemOf(path: string): string | undefined {
  if (path.startsWith('/')) return 'is absolute (starts with /)'
  if (path.includes('\\')) return 'contains a backslash'
  if (path.includes('\0')) return 'contains a NUL character'
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (// or a trailing /)'
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`
  }
  return undefined
}
