import { formatUnits } from 'viem'

const group = (text: string) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/**
 * A token or ETH amount (18 decimals) with thousands separators and at most `maxDecimals`
 * decimals, truncated rather than rounded so a balance is never shown larger than it is.
 */
export function formatAmount(units: bigint, maxDecimals = 4): string {
  const negative = units < 0n
  const [whole, fraction = ''] = formatUnits(negative ? -units : units, 18).split('.')
  const shown = fraction.slice(0, maxDecimals).replace(/0+$/, '')
  return `${negative ? '-' : ''}${group(whole)}${shown ? `.${shown}` : ''}`
}

export const formatNtk = (units: bigint, maxDecimals = 2) => `${formatAmount(units, maxDecimals)} NTK`
export const formatEth = (wei: bigint, maxDecimals = 4) => `${formatAmount(wei, maxDecimals)} ETH`

/** Basis points as a percentage: 1500 -> "15%", 250 -> "2.5%". */
export const formatBps = (bps: number) => `${(bps / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`

/** 0x1234…abcd */
export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`

/** Unix seconds as a UTC date-time, e.g. "2026-11-22 20:45 UTC". */
export function formatDateTime(seconds: number | bigint): string {
  const iso = new Date(Number(seconds) * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** A duration in seconds as "2d 03h 04m 05s" (leading zero units dropped; under a minute "5s"). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const days = Math.floor(s / 86_400)
  const hours = Math.floor((s % 86_400) / 3_600)
  const minutes = Math.floor((s % 3_600) / 60)
  const seconds = s % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (days > 0) return `${days}d ${pad(hours)}h ${pad(minutes)}m ${pad(seconds)}s`
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`
  return `${seconds}s`
}

/** "5 minutes ago" style relative time between two unix-second instants. */
export function formatAgo(seconds: number, now: number): string {
  const delta = Math.max(0, now - seconds)
  if (delta < 60) return 'just now'
  if (delta < 3_600) return `${Math.floor(delta / 60)} min ago`
  if (delta < 86_400) return `${Math.floor(delta / 3_600)} h ago`
  return `${Math.floor(delta / 86_400)} d ago`
}
