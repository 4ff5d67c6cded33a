/**
 * The byte range of an HTTP `Range` header for a body of `size` bytes (RFC 9110 14.1.2): one
 * range `bytes=a-b`, `bytes=a-` or `bytes=-n`. Returns `undefined` to serve the whole body (no
 * header, another unit, several ranges: the RFC lets a server ignore those, and every client
 * copes with a 200), 'unsatisfiable' for a range past the end (answered 416), and 'malformed'
 * for a bytes range that is no range at all (`bytes=abc`, `bytes=9-3`: answered 400, since a
 * client that sends one has a bug its user should hear about, which a silent 200 would hide).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | 'malformed' | undefined {
  if (!header) return undefined
  const unit = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=/.exec(header)
  if (!unit) return 'malformed'
  if (unit[1].toLowerCase() !== 'bytes') return undefined
  const ranges = header.slice(unit[0].length).split(',')
  const parsed = ranges.map((range) => /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(range))
  for (const match of parsed) {
    if (!match || (match[1] === '' && match[2] === '')) return 'malformed'
    if (match[1] !== '' && match[2] !== '' && Number(match[2]) < Number(match[1])) return 'malformed'
  }
  if (parsed.length > 1) return undefined
  const [, first, last] = parsed[0] as RegExpExecArray
  if (first === '') {
    // Suffix: the last n bytes.
    const n = Number(last)
    if (n === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(first)
  if (start >= size) return 'unsatisfiable'
  // A last byte past the end is the end; numbers past 2^53 only lose precision past any size.
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  return { start, end }
}
