/** Longest prefix of a client's value an error message repeats: enough to recognise it, never a flood. */
const maxQuotedChars = 64

/**
 * A client's value for an error message, as a JSON string literal cut to `maxQuotedChars`
 * characters with an ellipsis: a 15,000-character field must not come back in full (once in the
 * message and again in each issue). Cut by code point so no surrogate pair is split.
 */
export function quoteInput(value: unknown): string {
  const text = String(value)
  // A code point is at most 2 UTF-16 units: one unit past 2 × max shows whether there are more.
  const chars = Array.from(text.slice(0, maxQuotedChars * 2 + 1))
  return JSON.stringify(chars.length > maxQuotedChars ? `${chars.slice(0, maxQuotedChars).join('')}…` : text)
}
