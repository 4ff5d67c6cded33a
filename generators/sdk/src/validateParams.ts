import { ParamsError } from './ParamsError.ts'
import type { JsonValue, ParamsSchema } from './types.ts'

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function check(schema: ParamsSchema, value: JsonValue | undefined, path: string, problems: string[]): JsonValue | undefined {
  if (value === undefined) {
    if (schema.default !== undefined) value = structuredClone(schema.default)
    else if (schema.type === 'object' && schema.properties) value = {}
    else return undefined
  }
  const actual = typeOf(value)
  if (schema.type) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer')
    if (!ok) {
      problems.push(
        `${path} must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, got ${describe(value)}`,
      )
      return value
    }
  }
  if (schema.const !== undefined && !deepEqual(schema.const, value))
    problems.push(`${path} must be ${describe(schema.const)}, got ${describe(value)}`)
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
    problems.push(`${path} must be one of ${schema.enum.map(describe).join(', ')}, got ${describe(value)}`)
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push(`${path} must be finite, got ${value}`)
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`${path} must be >= ${schema.minimum}, got ${value}`)
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`${path} must be <= ${schema.maximum}, got ${value}`)
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      problems.push(`${path} must be > ${schema.exclusiveMinimum}, got ${value}`)
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      problems.push(`${path} must be < ${schema.exclusiveMaximum}, got ${value}`)
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${path} must have at least ${schema.minLength} characters, got ${describe(value)}`)
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${path} must have at most ${schema.maxLength} characters, got ${value.length}`)
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      problems.push(`${path} must match /${schema.pattern}/, got ${describe(value)}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      problems.push(`${path} must have at least ${schema.minItems} items, got ${value.length}`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      problems.push(`${path} must have at most ${schema.maxItems} items, got ${value.length}`)
    if (schema.items) value = value.map((item, i) => check(schema.items as ParamsSchema, item, `${path}[${i}]`, problems) ?? null)
  }
  if (actual === 'object' && value !== null && !Array.isArray(value) && typeof value === 'object') {
    const input = value as Record<string, JsonValue>
    const out: Record<string, JsonValue> = {}
    const properties = schema.properties ?? {}
    for (const key of Object.keys(input)) {
      if (!(key in properties) && schema.additionalProperties === false) {
        const known = Object.keys(properties)
        problems.push(`${path}.${key} is not a known param${known.length ? ` (known: ${known.join(', ')})` : ''}`)
      }
    }
    // Output keys in schema order, then extra keys sorted: the same params always serialize to
    // the same JSON (the manifest records them).
    for (const [key, sub] of Object.entries(properties)) {
      const v = check(sub, input[key], `${path}.${key}`, problems)
      if (v !== undefined) out[key] = v
      else if (schema.required?.includes(key)) problems.push(`${path}.${key} is required`)
    }
    for (const key of Object.keys(input).sort()) if (!(key in properties)) out[key] = input[key]
    value = out
  }
  return value
}

/**
 * Validates `params` against a generator's params schema (the JSON Schema subset of
 * ParamsSchema), fills in defaults, and returns the completed params. Throws a ParamsError
 * listing every problem with its path (`params.size.width must be <= 1024, got 4096`).
 */
export function validateParams(schema: ParamsSchema, params: unknown): Record<string, JsonValue> {
  const problems: string[] = []
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new ParamsError([`params must be a JSON object, got ${describe(params)}`])
  }
  const result = check({ type: 'object', ...schema }, (params ?? {}) as JsonValue, 'params', problems)
  if (problems.length > 0) throw new ParamsError(problems)
  return result as Record<string, JsonValue>
}
