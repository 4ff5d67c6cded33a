import {
  type GeneratorManifest,
  type OutputSpec,
  ParamsError,
  type ParamsSchema,
  validateParams,
} from '@neuromation/generator-sdk'
import { SandboxError } from '../sandbox/SandboxError.ts'

const SCHEMA_TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'])
const SCHEMA_KEYS = new Set([
  'type',
  'description',
  'title',
  'default',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  '$schema',
  'examples',
])

function checkSchema(schema: unknown, path: string, problems: string[]): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    problems.push(`${path} must be a JSON Schema object`)
    return
  }
  const s = schema as Record<string, unknown>
  for (const key of Object.keys(s)) {
    // A bundle's regular expression would run on every executor (in the daemon's own process) and
    // in every browser that shows the job, on every keystroke: `^(a|a)*$` against 40 characters
    // never ends (catastrophic backtracking), so one job could freeze every node it meets.
    if (key === 'pattern')
      problems.push(
        `${path}.pattern is not supported (a regular expression from a bundle could run forever): use enum, minLength or maxLength`,
      )
    else if (!SCHEMA_KEYS.has(key)) problems.push(`${path}.${key} is not a supported JSON Schema keyword`)
  }
  // Keywords a form renders or iterates: a bundle is anyone's, and `"title": {}` or `"enum": "abc"`
  // would throw while the dApp renders the post-a-job form.
  for (const key of ['title', 'description'] as const)
    if (s[key] !== undefined && typeof s[key] !== 'string') problems.push(`${path}.${key} must be a string`)
  for (const key of ['enum', 'examples'] as const)
    if (s[key] !== undefined && !Array.isArray(s[key])) problems.push(`${path}.${key} must be an array`)
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const)
    if (s[key] !== undefined && typeof s[key] !== 'number') problems.push(`${path}.${key} must be a number`)
  for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems'] as const)
    if (s[key] !== undefined && !(Number.isInteger(s[key]) && (s[key] as number) >= 0))
      problems.push(`${path}.${key} must be a whole number >= 0`)
  if (s.type !== undefined && !SCHEMA_TYPES.has(s.type as string))
    problems.push(`${path}.type must be one of ${[...SCHEMA_TYPES].join(', ')}, got ${JSON.stringify(s.type)}`)
  if (s.items !== undefined) checkSchema(s.items, `${path}.items`, problems)
  if (s.properties !== undefined) {
    if (s.properties === null || typeof s.properties !== 'object') problems.push(`${path}.properties must be an object`)
    else for (const [k, v] of Object.entries(s.properties)) checkSchema(v, `${path}.properties.${k}`, problems)
  }
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))) {
    problems.push(`${path}.required must be an array of property names`)
  }
}

function checkOutput(spec: unknown, path: string, problems: string[]): void {
  const o = spec as OutputSpec | undefined
  if (!o || typeof o !== 'object') {
    problems.push(`${path} must be { width, height, channels }`)
    return
  }
  for (const k of ['width', 'height'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1 || o[k] > 16384)
      problems.push(`${path}.${k} must be an integer in [1, 16384], got ${JSON.stringify(o[k])}`)
  }
  if (![1, 2, 3, 4].includes(o.channels))
    problems.push(`${path}.channels must be 1, 2, 3 or 4, got ${JSON.stringify(o.channels)}`)
  if (o.bitDepth !== undefined && o.bitDepth !== 8 && o.bitDepth !== 16) problems.push(`${path}.bitDepth must be 8 or 16`)
}

/**
 * Checks a parsed generator.json and returns it typed; throws BadBundle listing every problem
 * (path + what to write instead).
 */
export function checkManifest(value: unknown): GeneratorManifest {
  const problems: string[] = []
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SandboxError('BadBundle', 'generator.json must hold a JSON object')
  }
  const m = value as Record<string, unknown>
  if (typeof m.name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(m.name)) {
    problems.push(`name must be 1-64 lowercase letters, digits, ".", "_" or "-", got ${JSON.stringify(m.name)}`)
  }
  if (typeof m.version !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(m.version)) {
    problems.push(`version must be a semantic version like "1.0.0", got ${JSON.stringify(m.version)}`)
  }
  if (typeof m.description !== 'string') problems.push('description must be a string')
  if (m.module !== undefined && (typeof m.module !== 'string' || !/^[A-Za-z0-9._-]+\.m?js$/.test(m.module))) {
    problems.push(`module must be a file name ending in .js or .mjs, got ${JSON.stringify(m.module)}`)
  }
  checkSchema(m.params, 'params', problems)
  if (
    m.params &&
    typeof m.params === 'object' &&
    (m.params as ParamsSchema).type !== undefined &&
    (m.params as ParamsSchema).type !== 'object'
  ) {
    problems.push('params.type must be "object"')
  }
  const output = m.output as Record<string, unknown> | undefined
  if (!output || typeof output !== 'object') problems.push('output must be { image, planes?, label }')
  else {
    checkOutput(output.image, 'output.image', problems)
    if (output.planes !== undefined) {
      if (!output.planes || typeof output.planes !== 'object') problems.push('output.planes must be an object of named outputs')
      else for (const [k, v] of Object.entries(output.planes)) checkOutput(v, `output.planes.${k}`, problems)
    }
    if (output.label === undefined) problems.push('output.label must describe the label (a JSON Schema)')
  }
  if (
    typeof m.computeUnitsPerSample !== 'number' ||
    !(m.computeUnitsPerSample > 0) ||
    !Number.isFinite(m.computeUnitsPerSample)
  ) {
    problems.push(`computeUnitsPerSample must be a number > 0, got ${JSON.stringify(m.computeUnitsPerSample)}`)
  }
  if (m.moduleSha256 !== undefined && (typeof m.moduleSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.moduleSha256))) {
    problems.push('moduleSha256 must be 64 lowercase hex digits')
  }
  if (problems.length === 0) {
    try {
      validateParams(m.params as ParamsSchema, {})
    } catch (error) {
      if (error instanceof ParamsError)
        problems.push(`the params defaults do not satisfy the schema: ${error.problems.join('; ')}`)
      else throw error
    }
  }
  if (problems.length > 0) throw new SandboxError('BadBundle', `generator.json: ${problems.join('; ')}`)
  return m as unknown as GeneratorManifest
}
