/**
 * A client's value for an error message, as a JSON string literal (control characters escaped)
 * cut to `maxChars` characters with an ellipsis: a 15,000-character field must not come back in
 * full. Cut by code point so no surrogate pair is split.
 */
export function quoteInput(value: unknown, maxChars = 64): string {
  const text = String(value)
  // A code point is at most 2 UTF-16 units: one unit past 2 × max shows whether there are more.
  const chars = Array.from(text.slice(0, maxChars * 2 + 1))
  return JSON.stringify(chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text)
}
