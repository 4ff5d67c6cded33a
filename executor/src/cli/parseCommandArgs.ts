// One parser for every `neuro-executor` command, so each refuses what it does not understand in
// the same words: an unknown flag, a flag without its value (or with one it does not take), a flag
// given twice, an argument the command does not take. node:util's parseArgs tokenizes; the rules
// and messages are ours (its own strict mode calls `-5` an unknown option and suggests `--`).
import { parseArgs } from 'node:util'
import { UsageError } from './UsageError'

/** A command's flags: a string flag takes a value (`--price 90`), a boolean one is a switch. */
export type FlagSpec = Record<string, { type: 'string' | 'boolean' }>

/** Flags every command takes. --help is answered before a command runs. */
export const commonFlags = {
  json: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean' },
} as const satisfies FlagSpec

export type FlagValues<F extends FlagSpec> = {
  [K in keyof F]?: F[K]['type'] extends 'string' ? string : boolean
}

// No flag of ours is a digit: `-5` or `-0.5` is a negative number, an argument that the command's
// own check refuses with its reason (an amount must be positive), never an unknown option.
const NEGATIVE_NUMBER = /^-\.?\d/

/**
 * Parses a command's arguments: its `flags` plus the common ones, and at most `positionals.max`
 * arguments (none by default; `positionals.name` says what they are in the message).
 */
export function parseCommandArgs<F extends FlagSpec>(
  args: string[],
  flags: F,
  positionals: { max: number; name: string } = { max: 0, name: 'argument' },
): { values: FlagValues<F & typeof commonFlags>; positionals: string[] } {
  const spec: FlagSpec = { ...commonFlags, ...flags }
  const { tokens } = parseArgs({ args, options: spec, strict: false, allowPositionals: true, tokens: true })
  const values: Record<string, string | boolean> = {}
  const given: string[] = []
  const numbersAt = new Set<number>()
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    if (token.kind === 'positional') {
      given.push(token.value)
      continue
    }
    const raw = args[token.index] as string
    if (NEGATIVE_NUMBER.test(raw)) {
      // parseArgs splits `-1.5` into the "short options" -1, -. and -5: one argument.
      if (!numbersAt.has(token.index)) given.push(raw)
      numbersAt.add(token.index)
      continue
    }
    // Own keys only: `--constructor` is no flag of ours, whatever Object.prototype holds.
    const flag = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined
    if (flag === undefined || !token.rawName.startsWith('--')) throw new UsageError(unknownOption(token.rawName, spec))
    if (Object.hasOwn(values, token.name)) throw new UsageError(`${token.rawName} is given twice; give it once`)
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value, got "${token.value}"`)
      values[token.name] = true
      continue
    }
    // parseArgs takes the next argument as the value whatever it is: `--price --capacity 2`
    // would price the ask at "--capacity". A value starting with "-" is given as --flag=-x.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && !NEGATIVE_NUMBER.test(token.value)))
      throw new UsageError(`${token.rawName} needs a value${token.value === undefined ? '' : ` before ${token.value}`}`)
    values[token.name] = token.value
  }
  if (given.length > positionals.max) {
    const extra = given
      .slice(positionals.max)
      .map((arg) => `"${arg}"`)
      .join(' ')
    throw new UsageError(
      positionals.max === 0
        ? `this command takes no arguments, got ${extra}`
        : `this command takes ${positionals.max === 1 ? `one ${positionals.name}` : `at most ${positionals.max} ${positionals.name}s`}; unexpected ${extra}`,
    )
  }
  return { values: values as FlagValues<F & typeof commonFlags>, positionals: given }
}

/**
 * The refusal of an unknown option, with the command's flag it was most likely meant to be
 * (`--prise`: did you mean --price?) when one is within two edits (a typo, a swapped pair) and
 * the edits do not make up the whole word.
 */
function unknownOption(rawName: string, spec: FlagSpec): string {
  const typed = rawName.replace(/^-+/, '')
  let best: { name: string; distance: number } | undefined
  if (rawName.startsWith('--')) {
    for (const name of Object.keys(spec)) {
      const distance = editDistance(typed, name)
      if (distance <= 2 && distance < typed.length && (best === undefined || distance < best.distance)) best = { name, distance }
    }
  }
  return `unknown option ${rawName}${best ? `; did you mean --${best.name}?` : ''}`
}

/** Levenshtein distance with adjacent swaps counted as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => Math.max(i, j) * Number(i === 0 || j === 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/** Refuses `flag` given together with any of `others` (flags or "<amount>"), saying why they contradict. */
export function refuseTogether(given: Record<string, unknown>, flag: string, others: string[], why: string): void {
  if (given[flag] === undefined) return
  const clash = others.filter((other) => given[other] !== undefined)
  if (clash.length === 0) return
  const name = (f: string) => (f.startsWith('<') ? f : `--${f}`)
  throw new UsageError(`--${flag} and ${clash.map(name).join(' and ')} contradict each other: ${why}`)
}
