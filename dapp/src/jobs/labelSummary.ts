/** Longest summary shown; labels are written by executors and may be anything. */
const MAX_SUMMARY = 60

const cut = (text: string) => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 3)}…` : text)

/**
 * A one-line summary of a label: `class 7`, `14 objects`, or its JSON cut short. Never throws: a
 * label is whatever an executor put in its shard, and a throw here would take the whole job page
 * down (JSON.stringify overflows the stack on `[[[[...]]]]` nested 200,000 deep).
 */
export function labelSummary(label: unknown): string {
  if (label && typeof label === 'object' && !Array.isArray(label)) {
    const l = label as Record<string, unknown>
    if (typeof l.class === 'number' || typeof l.class === 'string') return cut(`class ${l.class}`)
    if (Array.isArray(l.objects)) return `${l.objects.length} object${l.objects.length === 1 ? '' : 's'}`
  }
  try {
    return cut(JSON.stringify(label) ?? String(label))
  } catch {
    return '(a label too deeply nested to show)'
  }
}
