import { formatDuration } from './formatDuration'

/**
 * A chain time (unix seconds) for people: the UTC time and how far it is from `now` (the chain's
 * latest block time, which decides when the contracts allow something): "2025-03-01 12:00:00 UTC
 * (in 23 h 59 min)", "... (5 min ago)".
 */
export function formatWhen(at: bigint, now: bigint): string {
  const utc = new Date(Number(at) * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
  const span = formatDuration(at > now ? at - now : now - at)
  return `${utc} (${at > now ? `in ${span}` : at === now ? 'now' : `${span} ago`})`
}
