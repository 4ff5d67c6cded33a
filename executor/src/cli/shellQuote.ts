/** `text` as one shell word, quoted only when it needs to be (a path in a command the operator copies). */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`
}
