import type { JsonValue, ParamsSchema } from '@neuromation/generator-sdk'
import { paramLabel } from './paramLabel'

/** How a parameter is entered. */
export type ParamFieldKind =
  /** A whole number (`<input type=number step=1>`). */
  | 'integer'
  /** Any finite number. */
  | 'number'
  /** A checkbox. */
  | 'boolean'
  /** One of the schema's `enum` values (a select). */
  | 'enum'
  /** Free text (pattern and length checked). */
  | 'string'
  /** An array of numbers, integers or strings, entered comma-separated. */
  | 'list'
  /** Anything else (nested objects, arrays of objects), entered as JSON. */
  | 'json'

/** One input of the generated params form, derived from a property of generator.json's `params`. */
export type ParamField = {
  key: string
  label: string
  description?: string
  kind: ParamFieldKind
  schema: ParamsSchema
  required: boolean
  /** The text the input starts with: the default, written the way the input reads it. */
  initialText: string
  /** For 'enum': the choices (the input's value is the choice's position). */
  options?: { value: JsonValue; text: string }[]
  /** For numbers: the input's bounds and step (what the browser's spinner uses). */
  min?: number
  max?: number
  step?: number | 'any'
  /** For 'list': the items' schema. */
  items?: ParamsSchema
}

const listItemTypes = new Set(['integer', 'number', 'string'])

/** A JSON value as an enum option's text: strings bare, everything else as JSON. */
export const optionText = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value))

function kindOf(schema: ParamsSchema): ParamFieldKind {
  if (schema.enum && schema.enum.length > 0) return 'enum'
  switch (schema.type) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'string':
      return schema.type
    case 'array':
      return schema.items?.type && listItemTypes.has(schema.items.type) && !schema.items.enum ? 'list' : 'json'
    default:
      return 'json'
  }
}

function initialText(kind: ParamFieldKind, schema: ParamsSchema, options: ParamField['options']): string {
  const value = schema.default
  if (value === undefined) return kind === 'boolean' ? 'false' : ''
  switch (kind) {
    case 'enum':
      return String(options?.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(value)) ?? '')
    case 'list':
      return Array.isArray(value) ? value.map((v) => String(v)).join(', ') : ''
    case 'json':
      return JSON.stringify(value)
    default:
      return String(value)
  }
}

/**
 * The inputs of a generator's params form, one per property of its params schema (generator.json
 * `params`, the JSON Schema subset the engine accepts), in schema order. Each input knows its
 * type, bounds, choices and default, so the form can be drawn and read without the generator.
 */
export function paramFields(schema: ParamsSchema): ParamField[] {
  return Object.entries(schema.properties ?? {}).map(([key, sub]) => {
    const kind = kindOf(sub)
    const options = kind === 'enum' ? (sub.enum ?? []).map((value) => ({ value, text: optionText(value) })) : undefined
    const field: ParamField = {
      key,
      label: paramLabel(key, sub),
      description: sub.description,
      kind,
      schema: sub,
      required: schema.required?.includes(key) ?? false,
      initialText: initialText(kind, sub, options),
      options,
      items: kind === 'list' ? sub.items : undefined,
    }
    if (kind === 'integer' || kind === 'number') {
      field.min = sub.minimum ?? sub.exclusiveMinimum
      field.max = sub.maximum ?? sub.exclusiveMaximum
      field.step = kind === 'integer' ? 1 : 'any'
    }
    return field
  })
}
