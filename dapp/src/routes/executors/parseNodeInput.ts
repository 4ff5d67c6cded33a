import { parseEther } from 'viem'

/** A parsed form field: the value, or the message to show under the field. Empty input is neither. */
export type Parsed<T> = { value?: T; error?: string }

/** NTK (wei) from a typed amount; refuses more than `max` (e.g. the wallet balance or free stake). */
export function parseNtkInput(text: string, max?: { amount: bigint; what: string }): Parsed<bigint> {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === '.') return { error: 'Enter a number of NTK, e.g. 250 or 12.5' }
  const [, fraction = ''] = trimmed.split('.')
  if (fraction.length > 18) return { error: 'NTK has at most 18 decimals.' }
  const value = parseEther(trimmed)
  if (value === 0n) return { error: 'Enter an amount greater than zero.' }
  if (max && value > max.amount) return { error: `That is more than ${max.what}.` }
  return { value }
}

/** A whole number in [min, max] (ticks, capacity, MiB...); `label` names it in the message. */
export function parseIntegerInput(text: string, label: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (!/^\d+$/.test(trimmed)) return { error: `${label} must be a whole number.` }
  const value = Number(trimmed)
  if (value < min || value > max) {
    return { error: `${label} must be from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.` }
  }
  return { value }
}

/**
 * An IPFS CID as the registry accepts it (1..128 bytes): CIDv0 (Qm..., base58) or CIDv1 in base32
 * (b...). Checked for shape only; the registry stores it as text.
 */
export function parseCidInput(text: string): Parsed<string> {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(trimmed) || /^b[a-z2-7]{20,127}$/.test(trimmed)) return { value: trimmed }
  return { error: 'Enter an IPFS CID: Qm… (CIDv0) or b… (CIDv1, base32), at most 128 characters.' }
}
