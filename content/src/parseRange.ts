/**
 * The byte range of an HTTP `Range` header for a body of `size` bytes (RFC 9110 14.1.2): one
 * range `bytes=a-b`, `bytes=a-` or `bytes=-n`. Returns `undefined` to serve the whole body
 * (no header, another unit, several ranges, a syntax error: the RFC lets a server ignore
 * those) and 'unsatisfiable' for a range past the end (answered 416).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  const [, first, last] = match
  if (first === '') {
    // Suffix: the last n bytes.
    const n = Number(last)
    if (n === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(first)
  if (start >= size) return 'unsatisfiable'
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (end < start) return undefined
  return { start, end }
}
