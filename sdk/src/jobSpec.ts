// The job spec: the JSON document a requester publishes on IPFS and names in postJob's `specCid`.
// Browser-safe (zod only) so the dApp builds specs with the same rules the executor enforces.
import { z } from 'zod'

/** The spec format this sdk reads and writes. */
export const JOB_SPEC_VERSION = 1
/** Most samples one task may cover: bounds a task's run time and shard size. */
export const MAX_SAMPLES_PER_TASK = 10_000

/** A JSON value (what a generator's params may hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
)

// A CID as text: CIDv1 base32 (bafy..., bafk...) or CIDv0 base58 (Qm...). Checked for shape only;
// the content store verifies the bytes against it when it fetches.
const cidText = /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/

export const jobSpecSchema = z
  .object({
    version: z.literal(JOB_SPEC_VERSION, {
      error: `version must be ${JOB_SPEC_VERSION} (the only spec format this sdk knows)`,
    }),
    kind: z.literal('GENERATE', { error: 'kind must be "GENERATE" (the only job kind open on the market)' }),
    generator: z
      .string({ error: 'generator must be the CID of a generator bundle directory' })
      .regex(
        cidText,
        'generator must be a CID (bafy... or Qm...) of a generator bundle directory; pack one with `neuro-gen pack <dir>`',
      ),
    params: z
      .record(z.string(), jsonValue, { error: 'params must be an object of generator params ({} for the defaults)' })
      .default({}),
    seed: z
      .number({ error: 'seed must be a number' })
      .int('seed must be an integer')
      .min(0, 'seed must be >= 0')
      .max(0xffff_ffff, 'seed must fit in 32 bits (<= 4294967295)'),
    samplesPerTask: z
      .number({ error: 'samplesPerTask must be a number' })
      .int('samplesPerTask must be an integer')
      .min(1, 'samplesPerTask must be at least 1')
      .max(MAX_SAMPLES_PER_TASK, `samplesPerTask must be at most ${MAX_SAMPLES_PER_TASK}`),
  })
  .strict()

/** A validated job spec. Task t covers sample indices [t * samplesPerTask, (t + 1) * samplesPerTask). */
export type JobSpec = z.output<typeof jobSpecSchema>

/** The spec's problems, one line each (`seed: seed must be an integer`). */
export class JobSpecError extends Error {
  override name = 'JobSpecError'
  constructor(
    readonly problems: string[],
    origin: string,
  ) {
    super(`Invalid job spec${origin ? ` ${origin}` : ''}: ${problems.join('; ')}`)
  }
}

/**
 * Parses a job spec from its JSON text, its bytes or an already parsed value, and throws a
 * JobSpecError listing every problem. `origin` (e.g. the CID) goes into the message.
 */
export function parseJobSpec(input: string | Uint8Array | unknown, origin = ''): JobSpec {
  let value: unknown = input
  if (typeof input === 'string' || input instanceof Uint8Array) {
    let text: string
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch {
      throw new JobSpecError(['the spec is not UTF-8 text'], origin)
    }
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new JobSpecError([`the spec is not JSON (${(error as Error).message})`], origin)
    }
  }
  const parsed = jobSpecSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.')
    if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}: remove them`
    return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message
  })
  throw new JobSpecError(problems, origin)
}

/** The canonical bytes of a spec (keys in schema order), what a requester uploads. */
export function encodeJobSpec(spec: JobSpec): Uint8Array {
  const checked = parseJobSpec(spec)
  const ordered = {
    version: checked.version,
    kind: checked.kind,
    generator: checked.generator,
    params: checked.params,
    seed: checked.seed,
    samplesPerTask: checked.samplesPerTask,
  }
  return new TextEncoder().encode(`${JSON.stringify(ordered)}\n`)
}

/** The sample indices of task `taskIndex`: [start, start + count). */
export function taskSamples(spec: Pick<JobSpec, 'samplesPerTask'>, taskIndex: number): { start: number; count: number } {
  return { start: taskIndex * spec.samplesPerTask, count: spec.samplesPerTask }
}

/** Compute units one task costs: samplesPerTask x the generator's units per sample (decision 3),
 * rounded up since generator.json may declare fractional units per sample. */
export function unitsPerTask(spec: Pick<JobSpec, 'samplesPerTask'>, unitsPerSample: number): bigint {
  if (!(unitsPerSample > 0) || !Number.isFinite(unitsPerSample)) {
    throw new RangeError(`unitsPerSample must be a number > 0 (generator.json computeUnitsPerSample), got ${unitsPerSample}`)
  }
  return BigInt(Math.ceil(spec.samplesPerTask * unitsPerSample))
}
