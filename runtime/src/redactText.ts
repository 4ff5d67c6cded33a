import { redactUrl } from './redactUrl'

// Schemes whose URLs commonly embed credentials; matched anywhere in free text (error messages
// from viem quote the request URL, e.g. "URL: https://…/v2/KEY").
const urlPattern = /\b(?:https?|wss?|postgres(?:ql)?|redis|amqps?|mongodb(?:\+srv)?):\/\/[^\s"'<>`]+/gi

/** Replaces every URL inside `text` by its redacted form (see redactUrl). */
export function redactText(text: string): string {
  if (!text.includes('://')) return text
  return text.replace(urlPattern, (match) => {
    // Trailing punctuation belongs to the sentence, not the URL.
    const trailing = /[.,;:)\]}]+$/.exec(match)?.[0] ?? ''
    return redactUrl(match.slice(0, match.length - trailing.length)) + trailing
  })
}
