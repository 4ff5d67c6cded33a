import { type JsonValue, ParamsError, type ParamsSchema, validateParams } from '@neuromation/generator-sdk'
import type { ParamField } from './paramFields'

/** The form's params when every field is valid, or a message per field that is not. */
export type ReadParams =
  | { ok: true; params: Record<string, JsonValue> }
  | { ok: false; errors: Record<string, string>; formErrors: string[] }

// "a whole number from 32 to 2048", "a number above 0", "a number at most 2".
function numberWords(schema: ParamsSchema, integer: boolean): string {
  const what = integer ? 'a whole number' : 'a number'
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema
  if (minimum !== undefined && maximum !== undefined) return `${what} from ${minimum} to ${maximum}`
  const low =
    minimum !== undefined ? `at least ${minimum}` : exclusiveMinimum !== undefined ? `above ${exclusiveMinimum}` : undefined
  const high =
    maximum !== undefined ? `at most ${maximum}` : exclusiveMaximum !== undefined ? `below ${exclusiveMaximum}` : undefined
  const bounds = [low, high].filter(Boolean).join(' and ')
  return bounds ? `${what} ${bounds}` : what
}

// One value against a scalar schema: the message says what to enter instead.
function checkScalar(
  text: string,
  schema: ParamsSchema,
  kind: 'integer' | 'number' | 'string',
): { value?: JsonValue; error?: string } {
  if (kind === 'string') {
    if (schema.minLength !== undefined && text.length < schema.minLength)
      return { error: `Enter at least ${schema.minLength} characters.` }
    if (schema.maxLength !== undefined && text.length > schema.maxLength)
      return { error: `Enter at most ${schema.maxLength} characters (this has ${text.length}).` }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(text))
      return { error: `"${text}" does not have the expected form (${schema.pattern}).` }
    return { value: text }
  }
  const integer = kind === 'integer'
  const wanted = `Enter ${numberWords(schema, integer)}.`
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { error: `"${text}" is not a number. ${wanted}` }
  const value = Number(text)
  if (!Number.isFinite(value)) return { error: `"${text}" is too large. ${wanted}` }
  if (integer && !Number.isInteger(value)) return { error: `${text} is not a whole number. ${wanted}` }
  const outside =
    (schema.minimum !== undefined && value < schema.minimum) ||
    (schema.maximum !== undefined && value > schema.maximum) ||
    (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) ||
    (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
  if (outside) return { error: `${text} is out of range. ${wanted}` }
  return { value }
}

function readField(field: ParamField, raw: string): { value?: JsonValue; error?: string } {
  const text = raw.trim()
  // An empty input means "the default": validateParams fills it in.
  if (text === '' && field.kind !== 'string') {
    if (field.schema.default !== undefined) return {}
    return field.required ? { error: 'Required: enter a value.' } : {}
  }
  switch (field.kind) {
    case 'integer':
    case 'number':
      return checkScalar(text, field.schema, field.kind)
    case 'string':
      // Empty: the default, or (optional, no default) left out; a required one gets "" checked.
      if (raw === '' && (field.schema.default !== undefined || !field.required)) return {}
      return checkScalar(raw, field.schema, 'string')
    case 'boolean':
      return { value: text === 'true' }
    case 'enum': {
      const option = field.options?.[Number(text)]
      return option ? { value: option.value } : { error: 'Choose one of the listed values.' }
    }
    case 'list': {
      const items = field.items ?? {}
      const parts = text.split(',').map((p) => p.trim())
      if (parts.some((p) => p === '')) return { error: 'Separate the values with single commas, e.g. "1, 2, 3".' }
      const values: JsonValue[] = []
      for (const [i, part] of parts.entries()) {
        const kind = items.type === 'integer' || items.type === 'number' ? items.type : 'string'
        const one = checkScalar(part, items, kind)
        if (one.error) return { error: `Item ${i + 1}: ${one.error}` }
        values.push(one.value as JsonValue)
      }
      const { minItems, maxItems } = field.schema
      if (minItems !== undefined && values.length < minItems)
        return { error: `Enter at least ${minItems} value${minItems === 1 ? '' : 's'}.` }
      if (maxItems !== undefined && values.length > maxItems)
        return { error: `Enter at most ${maxItems} values (this has ${values.length}).` }
      return { value: values }
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as JsonValue }
      } catch {
        return { error: 'Enter valid JSON (e.g. {"a": 1} or [1, 2]).' }
      }
  }
}

/**
 * Reads the params form: each input is parsed and checked against its property's schema with a
 * message that says what to enter; then the whole object goes through the engine's own
 * validateParams (the check executors run), so a params object this accepts is one the
 * generator accepts. Empty inputs take the schema's default.
 */
export function readParams(schema: ParamsSchema, fields: ParamField[], texts: Record<string, string>): ReadParams {
  const errors: Record<string, string> = {}
  const input: Record<string, JsonValue> = {}
  for (const field of fields) {
    const { value, error } = readField(field, texts[field.key] ?? field.initialText)
    if (error) errors[field.key] = error
    else if (value !== undefined) input[field.key] = value
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, formErrors: [] }
  try {
    return { ok: true, params: validateParams(schema, input) }
  } catch (error) {
    if (!(error instanceof ParamsError)) throw error
    // Attribute each problem to its field when it names one ("params.width must be ...").
    const formErrors: string[] = []
    for (const problem of error.problems) {
      const key = /^params\.([^.[\s]+)/.exec(problem)?.[1]
      const message = problem.replace(/^params\./, '')
      if (key && fields.some((f) => f.key === key)) errors[key] ??= `${message.charAt(0).toUpperCase()}${message.slice(1)}.`
      else formErrors.push(message)
    }
    return { ok: false, errors, formErrors }
  }
}
