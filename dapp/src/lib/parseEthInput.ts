import { parseEther } from 'viem'

/** The wei in a typed ETH amount, or an error to show under the field. Empty input is neither. */
export function parseEthInput(text: string): { wei?: bigint; error?: string } {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === '.') return { error: 'Enter a number of ETH, e.g. 1.5' }
  const [, fraction = ''] = trimmed.split('.')
  if (fraction.length > 18) return { error: 'ETH has at most 18 decimals.' }
  const wei = parseEther(trimmed)
  if (wei === 0n) return { error: 'Enter an amount greater than zero.' }
  return { wei }
}
