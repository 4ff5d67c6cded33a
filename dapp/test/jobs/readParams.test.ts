import { readFileSync } from 'node:fs'
import type { GeneratorManifest } from '@neuromation/generator-sdk'
import { describe, expect, it } from 'vitest'
import { paramFields } from '../../src/jobs/paramFields'
import { readParams } from '../../src/jobs/readParams'

const manifest = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../generators/${name}/generator.json`, import.meta.url), 'utf8')) as GeneratorManifest
const shelf = manifest('shelf').params
const digits = manifest('digits').params

const schema = {
  type: 'object' as const,
  additionalProperties: false,
  properties: {
    mode: { enum: ['fast', 'slow', 3], default: 'slow' },
    ratio: { type: 'number' as const, exclusiveMinimum: 0, maximum: 1 },
    name: { type: 'string' as const, pattern: '^[a-z]+$', maxLength: 5 },
    flip: { type: 'boolean' as const, default: true },
    extra: { type: 'object' as const, properties: { a: { type: 'integer' as const } } },
  },
  required: ['ratio'],
}

describe('paramFields', () => {
  it('derives one input per property of the shelf schema, with bounds and defaults', () => {
    const fields = paramFields(shelf)
    expect(fields.map((f) => f.key)).toEqual(Object.keys(shelf.properties ?? {}))
    const width = fields.find((f) => f.key === 'width')
    expect(width).toMatchObject({ kind: 'integer', min: 32, max: 2048, step: 1, initialText: '256', label: 'Width' })
    expect(fields.find((f) => f.key === 'skuCount')).toMatchObject({ label: 'SKU count' })
    expect(fields.find((f) => f.key === 'noise')).toMatchObject({ kind: 'number', step: 'any', initialText: '0.01' })
  })

  it('enters digit classes as a comma-separated list', () => {
    const classes = paramFields(digits).find((f) => f.key === 'classes')
    expect(classes).toMatchObject({ kind: 'list', initialText: '0, 1, 2, 3, 4, 5, 6, 7, 8, 9' })
  })

  it('offers enum values as choices and nested objects as JSON', () => {
    const fields = paramFields(schema)
    expect(fields[0]).toMatchObject({ kind: 'enum', initialText: '1' })
    expect(fields[0].options?.map((o) => o.text)).toEqual(['fast', 'slow', '3'])
    expect(fields[3]).toMatchObject({ kind: 'boolean', initialText: 'true' })
    expect(fields[4]).toMatchObject({ kind: 'json', initialText: '' })
  })
})

describe('readParams', () => {
  it('accepts the defaults as they are and returns the params the engine would run', () => {
    const fields = paramFields(shelf)
    const read = readParams(shelf, fields, {})
    expect(read).toEqual({
      ok: true,
      params: {
        width: 256,
        height: 192,
        skuCount: 24,
        catalogSeed: 1,
        shelfRows: 4,
        maxProducts: 120,
        backRowProbability: 0.35,
        noise: 0.01,
      },
    })
  })

  it('refuses out-of-range, fractional and non-numeric values with what to enter instead', () => {
    const fields = paramFields(shelf)
    const read = readParams(shelf, fields, { width: '4096', shelfRows: '2.5', noise: 'lots' })
    expect(read).toEqual({
      ok: false,
      formErrors: [],
      errors: {
        width: '4096 is out of range. Enter a whole number from 32 to 2048.',
        shelfRows: '2.5 is not a whole number. Enter a whole number from 1 to 6.',
        noise: '"lots" is not a number. Enter a number from 0 to 0.2.',
      },
    })
  })

  it('reads lists item by item', () => {
    const fields = paramFields(digits)
    expect(readParams(digits, fields, { classes: '3, 8' })).toMatchObject({ ok: true, params: { classes: [3, 8] } })
    expect(readParams(digits, fields, { classes: '3, 12' })).toMatchObject({
      ok: false,
      errors: { classes: 'Item 2: 12 is out of range. Enter a whole number from 0 to 9.' },
    })
    expect(readParams(digits, fields, { classes: '3,,4' })).toMatchObject({
      ok: false,
      errors: { classes: expect.stringMatching(/single commas/) },
    })
    expect(readParams(digits, fields, { classes: '0,1,2,3,4,5,6,7,8,9,0' })).toMatchObject({
      ok: false,
      errors: { classes: 'Enter at most 10 values (this has 11).' },
    })
  })

  it('requires required fields, checks strings, enums and JSON', () => {
    const fields = paramFields(schema)
    expect(readParams(schema, fields, {})).toMatchObject({ ok: false, errors: { ratio: 'Required: enter a value.' } })
    expect(readParams(schema, fields, { ratio: '0' })).toMatchObject({
      ok: false,
      errors: { ratio: '0 is out of range. Enter a number above 0 and at most 1.' },
    })
    expect(readParams(schema, fields, { ratio: '0.5', name: 'Abc' })).toMatchObject({
      ok: false,
      errors: { name: '"Abc" does not have the expected form (^[a-z]+$).' },
    })
    expect(readParams(schema, fields, { ratio: '0.5', extra: '{a:1}' })).toMatchObject({
      ok: false,
      errors: { extra: expect.stringMatching(/valid JSON/) },
    })
    // The engine's own check catches what the inputs cannot see (here a nested type).
    expect(readParams(schema, fields, { ratio: '0.5', extra: '{"a": 1.5}' })).toMatchObject({
      ok: false,
      errors: { extra: 'Extra.a must be an integer, got 1.5.' },
    })
    expect(readParams(schema, fields, { ratio: '0.5', mode: '2', flip: 'false', name: 'ab' })).toEqual({
      ok: true,
      // An object with properties is filled in as the engine fills it.
      params: { mode: 3, ratio: 0.5, name: 'ab', flip: false, extra: {} },
    })
  })
})
