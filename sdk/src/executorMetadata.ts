// An executor's metadata: the JSON document `neuro-executor register` publishes on IPFS and names
// by CID in the NodeRegistry. It says who runs the node and where its live progress is served
// (`statusUrl`, the daemon's GET /status). Anyone can register any CID, so readers (the dApp)
// treat it as hostile: the bytes must hash to the CID (rawCid), stay small, parse against this
// schema, and the status URL must be plain http(s). Browser-safe (zod and viem only).
import { z } from 'zod'

/** The metadata format this sdk reads and writes. */
export const EXECUTOR_METADATA_FORMAT = 'neuromation-executor/1'
/** The largest metadata document accepted: a few fields; anything bigger is refused unread. */
export const MAX_EXECUTOR_METADATA_BYTES = 16 * 1024

// Only the node's /status endpoint: every visitor's browser polls it, so a document naming any
// other path (an admin action, a query string) must not make browsers request it.
const httpUrl = z
  .string({ error: 'statusUrl must be the http(s) URL of the node’s /status endpoint' })
  .max(512, 'statusUrl must be at most 512 characters')
  .refine((raw) => {
    try {
      const url = new URL(raw)
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
    } catch {
      return false
    }
  }, 'statusUrl must be an http:// or https:// URL without credentials, like http://127.0.0.1:9464/status')
  .refine((raw) => {
    try {
      const url = new URL(raw)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return true // reported by the check above
      return url.pathname.endsWith('/status') && !raw.includes('?') && !raw.includes('#')
    } catch {
      return true // reported by the check above
    }
  }, 'statusUrl must name the node’s /status endpoint (a path ending in /status, no query or fragment), like https://node.example/status')

const count = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be >= 0`)
    .max(max, `${what} must be at most ${max}`)

export const executorMetadataSchema = z
  .object({
    format: z.literal(EXECUTOR_METADATA_FORMAT, { error: `format must be "${EXECUTOR_METADATA_FORMAT}"` }),
    name: z
      .string({ error: 'name must be text' })
      .trim()
      .min(1, 'name must not be empty')
      .max(64, 'name must be at most 64 characters'),
    version: z
      .string({ error: 'version must be the executor software version' })
      .regex(/^[0-9A-Za-z.+-]{1,32}$/, 'version must be a version like 0.1.0'),
    statusUrl: httpUrl,
    hardware: z
      .object({
        cpus: count('hardware.cpus', 65_536),
        memoryMiB: count('hardware.memoryMiB', 2 ** 32 - 1),
        accelerator: z.enum(['cpu', 'gpu', 'other'], {
          error: 'hardware.accelerator must be "cpu", "gpu" or "other" (as the registry\'s capabilities say)',
        }),
        backend: z.string().regex(/^[a-z0-9-]{1,32}$/, 'hardware.backend must be a backend name like wasm'),
        unitsPerSecond: count('hardware.unitsPerSecond', Number.MAX_SAFE_INTEGER),
      })
      .strict(),
  })
  .strict()

/** A validated executor metadata document. */
export type ExecutorMetadata = z.output<typeof executorMetadataSchema>

/** The document's problems, one each (`statusUrl: statusUrl must be an http:// ...`). */
export class ExecutorMetadataError extends Error {
  override name = 'ExecutorMetadataError'
  constructor(
    readonly problems: string[],
    origin: string,
  ) {
    super(`Invalid executor metadata${origin ? ` ${origin}` : ''}: ${problems.join('; ')}`)
  }
}

/**
 * Parses executor metadata from its bytes, its JSON text or a parsed value; throws an
 * ExecutorMetadataError naming every problem (`origin`, e.g. the CID, goes into the message).
 */
export function parseExecutorMetadata(input: Uint8Array | string | unknown, origin = ''): ExecutorMetadata {
  let value: unknown = input
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const size = typeof input === 'string' ? new TextEncoder().encode(input).length : input.length
    if (size > MAX_EXECUTOR_METADATA_BYTES) {
      throw new ExecutorMetadataError(
        [`the document is ${size} bytes, over the ${MAX_EXECUTOR_METADATA_BYTES}-byte limit`],
        origin,
      )
    }
    let text: string
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch {
      throw new ExecutorMetadataError(['the document is not UTF-8 text'], origin)
    }
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new ExecutorMetadataError([`the document is not JSON (${(error as Error).message})`], origin)
    }
  }
  const parsed = executorMetadataSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.')
    if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}: remove them`
    if (issue.code === 'invalid_type' && path === '') return 'the document must be a JSON object'
    return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message
  })
  throw new ExecutorMetadataError(problems, origin)
}

/** The canonical bytes of a metadata document (keys in schema order), what a node publishes. */
export function encodeExecutorMetadata(metadata: ExecutorMetadata): Uint8Array {
  const m = parseExecutorMetadata(metadata)
  const ordered = {
    format: m.format,
    name: m.name,
    version: m.version,
    statusUrl: m.statusUrl,
    hardware: {
      cpus: m.hardware.cpus,
      memoryMiB: m.hardware.memoryMiB,
      accelerator: m.hardware.accelerator,
      backend: m.hardware.backend,
      unitsPerSecond: m.hardware.unitsPerSecond,
    },
  }
  return new TextEncoder().encode(`${JSON.stringify(ordered)}\n`)
}
