const UNITS: [seconds: number, one: string, many: string][] = [
  [86_400, 'day', 'days'],
  [3_600, 'h', 'h'],
  [60, 'min', 'min'],
  [1, 's', 's'],
]

/** A span of seconds for people, in its two largest units: "1 day", "2 days 3 h", "10 min", "45 s". */
export function formatDuration(seconds: number | bigint): string {
  let left = Math.max(0, Math.round(Number(seconds)))
  if (left === 0) return '0 s'
  const parts: string[] = []
  for (const [size, one, many] of UNITS) {
    const n = Math.floor(left / size)
    left -= n * size
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`)
    else if (parts.length > 0) break // "1 day 5 min" would read as more precise than it is
    if (parts.length === 2) break
  }
  return parts.join(' ')
}
