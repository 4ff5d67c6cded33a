/**
 * The first key that appears twice in one object of a JSON text, or undefined. `JSON.parse`
 * silently keeps the last of duplicate keys and a reviver only ever sees that one, so the text
 * itself is scanned: `{"country":"IR","country":"DE"}` must not pass as DE to this service while
 * anything that reads the first key sees IR. Keys are compared decoded (`"countr\u0079"` is
 * `"country"`).
 *
 * Only call it on text `JSON.parse` has accepted: it relies on the text being valid JSON.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = []
  // Whether the next string is a key: right after `{`, or after `,` inside an object.
  let expectKey = false
  for (let i = 0; i < json.length; i++) {
    const char = json[i]
    if (char === '"') {
      let end = i + 1
      // A backslash escapes exactly the next character (`\"`, `\\`, `\u…` needs no special case).
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1
      if (expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string
        const keys = open[open.length - 1] as Set<string>
        if (keys.has(key)) return key
        keys.add(key)
        expectKey = false
      }
      i = end
    } else if (char === '{') {
      open.push(new Set())
      expectKey = true
    } else if (char === '[') {
      open.push(null)
      expectKey = false
    } else if (char === '}' || char === ']') {
      open.pop()
      expectKey = false
    } else if (char === ',') {
      expectKey = open[open.length - 1] instanceof Set
    }
  }
  return undefined
}
