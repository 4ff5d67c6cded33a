import type { Rng } from './createRng.ts'

/** Any value JSON can carry: labels and params are plain JSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** An 8-bit image, channels interleaved, row-major (1 = gray, 3 = RGB, 4 = RGBA). */
export interface SampleImage {
  width: number
  height: number
  channels: 1 | 2 | 3 | 4 | number
  data: Uint8Array
}

/**
 * An extra per-pixel plane (instance mask, depth, ...): 8-bit (Uint8Array) or 16-bit
 * (Uint16Array) values, stored as `<key>.<name>.png` in a shard.
 */
export interface SamplePlane {
  width: number
  height: number
  channels: 1 | 2 | 3 | 4 | number
  data: Uint8Array | Uint16Array
}

/** One labeled sample: what a generator's `generate()` returns. */
export interface Sample {
  image: SampleImage
  planes?: Record<string, SamplePlane>
  label: JsonValue
}

/** The argument of `generate()`. */
export interface GenerateContext<P = Record<string, JsonValue>> {
  /** The dataset seed (an integer in [0, 2^53 - 1]). */
  seed: number
  /** The global index of the sample (an integer in [0, 2^53 - 1]). */
  index: number
  /** Params validated against generator.json's schema, defaults filled in. */
  params: P
  /** This sample's PRNG, seeded from (seed, index): the only source of randomness allowed. */
  rng: Rng
}

/** The default export of a generator module. */
export type GenerateFn<P = Record<string, JsonValue>> = (context: GenerateContext<P>) => Sample

/** The subset of JSON Schema (draft 2020-12 keywords) that generator params may use. */
export interface ParamsSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null'
  description?: string
  title?: string
  default?: JsonValue
  enum?: JsonValue[]
  const?: JsonValue
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  items?: ParamsSchema
  minItems?: number
  maxItems?: number
  properties?: Record<string, ParamsSchema>
  required?: string[]
  additionalProperties?: boolean
}

/** Shape of one output (image or plane) declared in generator.json. */
export interface OutputSpec {
  width: number
  height: number
  channels: number
  /** 8 (default) or 16 bits per value. */
  bitDepth?: 8 | 16
  description?: string
}

/** generator.json: the manifest of a generator bundle. */
export interface GeneratorManifest {
  name: string
  version: string
  description: string
  /** The bundled ES module, relative to the bundle directory (default "generator.js"). */
  module?: string
  /** JSON Schema of the params object, with defaults. */
  params: ParamsSchema
  output: {
    image: OutputSpec
    planes?: Record<string, OutputSpec>
    /** JSON Schema describing the label of each sample (documentation for consumers). */
    label: ParamsSchema | Record<string, JsonValue>
  }
  /** Price basis on the market: compute units one sample costs. */
  computeUnitsPerSample: number
  /** sha256 (hex) of the module bytes; written by `neuro-gen pack`. */
  moduleSha256?: string
}
