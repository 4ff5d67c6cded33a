// Schemas for environment variables, one per common type, used inside a z.object given to
// loadConfig. Each knows what it expects, so a bad value produces one message naming the
// problem and the fix; loadConfig adds the variable's name and value (hidden for secrets,
// reduced to the origin for URLs). Blank values count as unset, so `FOO=` in a .env file
// falls back to the default.
import { type Address, getAddress, type Hex, isAddress } from 'viem'
import { z } from 'zod'

/** How loadConfig shows a bad value: as given, hidden (keys, passwords) or as a URL's origin. */
export type EnvDisplay = 'plain' | 'hidden' | 'url'

/** Carried in the params of an env variable's zod issue, read by loadConfig to build its line. */
export type EnvIssueParams = { envProblem: string; envFix: string; envDisplay: EnvDisplay }

/** What a variable accepts; `parse` returns the value or a problem like "is not a port number". */
export type EnvSpec<T> = {
  /** The accepted form, for people: "a port number (1-65535)". */
  expected: string
  /** A valid value shown in the fix when there is no default (omit for secrets). */
  example?: string
  parse: (raw: string) => { value: T } | { problem: string }
  /** How to write a default back as a value, for the fix text. */
  format?: (value: T) => string
  display?: EnvDisplay
}

export type EnvOptions<T> = {
  /** Used when the variable is unset or blank. */
  default?: T
  /** When true and no default: unset gives undefined instead of an error. */
  optional?: boolean
  /** Appended to the fix, e.g. "the TokenSale's compliance signer key". */
  hint?: string
}

type Output<T, O> = O extends { default: T } ? T : O extends { optional: true } ? T | undefined : T

/** `{name}` in a fix stands for the variable: loadConfig knows it, the schema does not. */
const namePlaceholder = '{name}'

function variable<T, O extends EnvOptions<T>>(spec: EnvSpec<T>, options: O = {} as O): z.ZodType<Output<T, O>, unknown> {
  const display = spec.display ?? 'plain'
  const format = spec.format ?? String
  const hint = options.hint ? ` (${options.hint})` : ''
  // An empty default (an empty list: none) is no value to suggest: show the form and an example.
  const shownDefault = options.default !== undefined && display !== 'hidden' ? format(options.default) : undefined
  const example = spec.example && display !== 'hidden' ? `, e.g. ${namePlaceholder}=${spec.example}` : undefined
  const fix = shownDefault
    ? `set ${namePlaceholder}=${shownDefault} or unset it for the default${hint}`
    : (options.optional || options.default !== undefined) && !(shownDefault === '' && example)
      ? `set ${namePlaceholder} to ${spec.expected} or unset it${hint}`
      : `set ${namePlaceholder} to ${spec.expected}${example ?? ''}${hint}`
  // optional(): an absent key must reach the transform, which applies the default or reports it.
  return z
    .unknown()
    .optional()
    .transform((input, ctx) => {
      const raw = typeof input === 'string' ? input.trim() : input
      if (raw === undefined || raw === null || raw === '') {
        if (options.default !== undefined) return options.default as Output<T, O>
        if (options.optional) return undefined as Output<T, O>
        const params: EnvIssueParams = { envProblem: 'is not set', envFix: fix, envDisplay: display }
        ctx.addIssue({ code: 'custom', message: `is not set; ${fix.replaceAll(namePlaceholder, 'the variable')}`, params })
        return z.NEVER
      }
      if (typeof raw !== 'string') {
        ctx.addIssue({ code: 'custom', message: `is a ${typeof raw}, not a string from the environment` })
        return z.NEVER
      }
      const result = spec.parse(raw)
      if ('problem' in result) {
        const params: EnvIssueParams = { envProblem: result.problem, envFix: fix, envDisplay: display }
        ctx.addIssue({ code: 'custom', message: `${result.problem}; ${fix.replaceAll(namePlaceholder, 'the variable')}`, params })
        return z.NEVER
      }
      return result.value as Output<T, O>
    }) as unknown as z.ZodType<Output<T, O>, unknown>
}

const decimalInteger = /^[+-]?\d+$/

function integerSpec(expected: string, min: number, max: number): EnvSpec<number> {
  return {
    expected,
    example: String(Math.max(min, Math.min(max, 1))),
    parse: (raw) => {
      // Decimal digits only: Number() would also take '0x7a69', '1e3' or '12.0'.
      const value = Number(raw)
      if (!decimalInteger.test(raw) || !Number.isSafeInteger(value)) return { problem: `is not ${expected}` }
      if (value < min || value > max) return { problem: `is out of range: expected ${expected}` }
      return { value }
    },
  }
}

function range(min: number, max: number): string {
  if (min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER) return 'a whole number'
  if (max === Number.MAX_SAFE_INTEGER) return `a whole number >= ${min}`
  if (min === Number.MIN_SAFE_INTEGER) return `a whole number <= ${max}`
  return `a whole number from ${min} to ${max}`
}

const durationUnits: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }

function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms >= durationUnits[unit] && ms % durationUnits[unit] === 0) return `${ms / durationUnits[unit]}${unit}`
  }
  return `${ms}ms`
}

const truthy = new Set(['true', '1', 'yes', 'on'])
const falsy = new Set(['false', '0', 'no', 'off'])

// secp256k1 group order: a private key must be in [1, n-1].
const secp256k1Order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** Environment variable schemas for loadConfig: `z.object({ SIGNER_PORT: env.port({ default: 8787 }) })`. */
export const env = {
  /** A TCP port; `allowZero` accepts 0, which lets the OS pick a free port (tests). */
  port<O extends EnvOptions<number> & { allowZero?: boolean }>(options: O = {} as O) {
    const min = options.allowZero ? 0 : 1
    const expected = options.allowZero ? 'a port number (0-65535, 0 picks a free port)' : 'a port number (1-65535)'
    return variable({ ...integerSpec(expected, min, 65_535), example: '8080' }, options)
  },

  /** A whole number within [min, max] (both inclusive, default unbounded). */
  int<O extends EnvOptions<number> & { min?: number; max?: number }>(options: O = {} as O) {
    const min = options.min ?? Number.MIN_SAFE_INTEGER
    const max = options.max ?? Number.MAX_SAFE_INTEGER
    return variable(integerSpec(range(min, max), min, max), options)
  },

  /** An absolute URL with one of `protocols` (without the colon; default http and https). Shown as its origin. */
  url<O extends EnvOptions<string> & { protocols?: readonly string[] }>(options: O = {} as O) {
    const protocols = options.protocols ?? ['http', 'https']
    const expected = `a ${protocols.join(' or ')} URL`
    return variable<string, O>(
      {
        expected,
        example: `${protocols[0]}://example.org`,
        display: 'url',
        parse: (raw) => {
          let url: URL
          try {
            url = new URL(raw)
          } catch {
            return { problem: `is not ${expected}` }
          }
          const protocol = url.protocol.slice(0, -1)
          if (!protocols.includes(protocol)) return { problem: `uses ${protocol}:, expected ${expected}` }
          return { value: raw }
        },
      },
      options,
    )
  },

  /** A secp256k1 private key (0x + 64 hex digits). Never shown in errors. */
  privateKey<O extends EnvOptions<Hex>>(options: O = {} as O) {
    const expected = 'a 32-byte hex private key (0x followed by 64 hex digits)'
    return variable<Hex, O>(
      {
        expected,
        display: 'hidden',
        parse: (raw) => {
          if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) return { problem: `is not ${expected}` }
          const key = BigInt(raw)
          if (key === 0n || key >= secp256k1Order)
            return { problem: 'is not a valid secp256k1 private key (zero or above the curve order)' }
          return { value: raw.toLowerCase() as Hex }
        },
      },
      options,
    )
  },

  /** A 20-byte address; mixed case must carry a valid EIP-55 checksum. Returned checksummed. */
  address<O extends EnvOptions<Address>>(options: O = {} as O) {
    const expected = 'a 0x-prefixed 20-byte address'
    return variable<Address, O>(
      {
        expected,
        example: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        parse: (raw) => {
          if (!isAddress(raw, { strict: false })) return { problem: `is not ${expected}` }
          // Mixed case means the writer meant an EIP-55 checksum; one case carries none.
          const hex = raw.slice(2)
          const singleCase = hex === hex.toLowerCase() || hex === hex.toUpperCase()
          if (!singleCase && !isAddress(raw, { strict: true }))
            return { problem: 'has a wrong EIP-55 checksum (a typo?); copy the address again or write it all lower case' }
          return { value: getAddress(raw) }
        },
      },
      options,
    )
  },

  /** A duration: `500ms`, `30s`, `5m`, `1h`; a bare number is milliseconds. Returns milliseconds. */
  durationMs<O extends EnvOptions<number> & { min?: number; max?: number }>(options: O = {} as O) {
    const expected = 'a duration like 500ms, 30s, 5m or 1h (a bare number is milliseconds)'
    const min = options.min ?? 0
    const max = options.max ?? Number.MAX_SAFE_INTEGER
    return variable<number, O>(
      {
        expected,
        example: '30s',
        format: formatDuration,
        parse: (raw) => {
          const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(raw)
          if (!match) return { problem: `is not ${expected}` }
          const ms = Math.round(Number(match[1]) * durationUnits[(match[2] ?? 'ms').toLowerCase()])
          if (ms < min || ms > max) {
            const bounds =
              max === Number.MAX_SAFE_INTEGER
                ? `at least ${formatDuration(min)}`
                : `from ${formatDuration(min)} to ${formatDuration(max)}`
            return { problem: `is out of range: expected ${bounds}` }
          }
          return { value: ms }
        },
      },
      options,
    )
  },

  /** true/false, 1/0, yes/no, on/off (any case). */
  boolean<O extends EnvOptions<boolean>>(options: O = {} as O) {
    const expected = 'true or false'
    return variable<boolean, O>(
      {
        expected,
        example: 'true',
        parse: (raw) => {
          const lower = raw.toLowerCase()
          if (truthy.has(lower)) return { value: true }
          if (falsy.has(lower)) return { value: false }
          return { problem: `is not ${expected} (also accepted: 1/0, yes/no, on/off)` }
        },
      },
      options,
    )
  },

  /** One of a fixed set of words, compared exactly. */
  oneOf<const V extends readonly [string, ...string[]], O extends EnvOptions<V[number]>>(values: V, options: O = {} as O) {
    const expected = `one of ${values.join(', ')}`
    return variable<V[number], O>(
      {
        expected,
        example: values[0],
        parse: (raw) =>
          (values as readonly string[]).includes(raw) ? { value: raw as V[number] } : { problem: `is not ${expected}` },
      },
      options,
    )
  },

  /** Free text; `secret` hides it in errors (passwords, API keys). */
  string<O extends EnvOptions<string> & { secret?: boolean; pattern?: RegExp; expected?: string }>(options: O = {} as O) {
    const expected = options.expected ?? 'a non-empty string'
    return variable<string, O>(
      {
        expected,
        display: options.secret ? 'hidden' : 'plain',
        parse: (raw) => (options.pattern && !options.pattern.test(raw) ? { problem: `is not ${expected}` } : { value: raw }),
      },
      options,
    )
  },

  /** Any other type: give what it expects and a parse returning `{ value }` or `{ problem }`. */
  custom<T, O extends EnvOptions<T>>(spec: EnvSpec<T>, options: O = {} as O) {
    return variable<T, O>(spec, options)
  },
}
