import { describe, expect, it } from 'vitest'
import { ParamsError } from './ParamsError.ts'
import type { ParamsSchema } from './types.ts'
import { validateParams } from './validateParams.ts'

const schema: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    width: { type: 'integer', minimum: 16, maximum: 1024, default: 256 },
    noise: { type: 'number', minimum: 0, maximum: 1, default: 0.1 },
    style: { type: 'string', enum: ['clean', 'messy'], default: 'clean' },
    classes: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 }, minItems: 1, default: [0, 1, 2] },
    camera: { type: 'object', properties: { fov: { type: 'number', default: 60 } } },
  },
}

describe('validateParams', () => {
  it('fills defaults, including nested objects, in schema order', () => {
    const params = validateParams(schema, { noise: 0.5 })
    expect(params).toEqual({ width: 256, noise: 0.5, style: 'clean', classes: [0, 1, 2], camera: { fov: 60 } })
    expect(Object.keys(validateParams(schema, { style: 'messy', width: 32 }))).toEqual([
      'width',
      'noise',
      'style',
      'classes',
      'camera',
    ])
  })

  it('reports every problem with its path and the fix', () => {
    let error: ParamsError | undefined
    try {
      validateParams(schema, { width: 3.5, noise: 2, style: 'wild', classes: [1, 12], colour: 'red' })
    } catch (e) {
      error = e as ParamsError
    }
    expect(error).toBeInstanceOf(ParamsError)
    expect(error?.problems).toEqual([
      'params.colour is not a known param (known: width, noise, style, classes, camera)',
      'params.width must be an integer, got 3.5',
      'params.noise must be <= 1, got 2',
      'params.style must be one of "clean", "messy", got "wild"',
      'params.classes[1] must be <= 9, got 12',
    ])
  })

  it('rejects non-object params and missing required values', () => {
    expect(() => validateParams(schema, [1])).toThrow('params must be a JSON object, got [1]')
    expect(() => validateParams({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }, {})).toThrow(
      'params.n is required',
    )
  })
})
