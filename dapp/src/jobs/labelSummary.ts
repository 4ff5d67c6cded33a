/** A one-line summary of a label: `class 7`, `14 objects`, or its JSON cut short. */
export function labelSummary(label: unknown): string {
  if (label && typeof label === 'object' && !Array.isArray(label)) {
    const l = label as Record<string, unknown>
    if (typeof l.class === 'number' || typeof l.class === 'string') return `class ${l.class}`
    if (Array.isArray(l.objects)) return `${l.objects.length} object${l.objects.length === 1 ? '' : 's'}`
  }
  const text = JSON.stringify(label)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
