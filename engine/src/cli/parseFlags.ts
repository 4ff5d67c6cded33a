import { existsSync, readFileSync } from 'node:fs'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { CliError } from './CliError.ts'

export type FlagSpec = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs in strict mode, with its errors rewritten into messages that name the
 * command and point at --help.
 */
export function parseFlags<T extends FlagSpec>(command: string, args: string[], options: T, allowPositionals = 0) {
  let parsed: ReturnType<
    typeof parseArgs<{
      args: string[]
      options: T & { help: { type: 'boolean'; short: 'h' } }
      strict: true
      allowPositionals: boolean
    }>
  >
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: allowPositionals > 0,
    })
  } catch (error) {
    const message = (error as Error).message
    const unknown = /Unknown option '([^']+)'/.exec(message)
    if (unknown) throw new CliError(`${command}: unknown flag ${unknown[1]} (see \`${command} --help\`)`)
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message)
    if (missing) throw new CliError(`${command}: ${missing[1].replace(/^-\w, /, '')} needs a value (see \`${command} --help\`)`)
    const ambiguous = /Option '([^']+?)(?: <value>)?' argument is ambiguous/.exec(message)
    if (ambiguous) {
      const flag = ambiguous[1].replace(/^-\w, /, '')
      throw new CliError(
        `${command}: ${flag} needs a value; to pass one starting with "-", write ${flag}=<value> (see \`${command} --help\`)`,
      )
    }
    const positional = /Unexpected argument '([^']+)'/.exec(message)
    if (positional) throw new CliError(`${command}: unexpected argument "${positional[1]}" (see \`${command} --help\`)`)
    throw new CliError(`${command}: ${message}`)
  }
  if (parsed.positionals.length > allowPositionals) {
    throw new CliError(`${command}: unexpected argument "${parsed.positionals[allowPositionals]}" (see \`${command} --help\`)`)
  }
  return parsed
}

/** Parses an integer flag, with a message naming the flag and the accepted range. */
export function intFlag(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`${command}: --${name} is required (see \`${command} --help\`)`)
    return fallback
  }
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(
      `${command}: --${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? '2^53 - 1' : max}, got "${value}"`,
    )
  }
  return Number(value)
}

/** --params: inline JSON or a path to a JSON file. */
export function jsonFlag(command: string, name: string, value: string | undefined): unknown {
  if (value === undefined) return {}
  const text = value.trim().startsWith('{') ? value : existsSync(value) ? readFileSync(value, 'utf8') : undefined
  if (text === undefined)
    throw new CliError(`${command}: --${name} must be a JSON object or a path to a JSON file; "${value}" is neither`)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`${command}: --${name} is not valid JSON: ${(error as Error).message}`)
  }
}
