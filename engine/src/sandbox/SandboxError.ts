/**
 * Why a generator sample or bundle was refused. Every code is final for the sample: retrying
 * the same bundle, params and index gives the same failure (the runner is deterministic), so
 * none is retryable; the pool itself keeps serving other requests.
 */
export type SandboxErrorCode =
  | 'TimeLimit' // a sample ran longer than limits.sampleTimeoutMs
  | 'MemoryLimit' // the isolate's heap went over limits.memoryMb
  | 'OutputTooLarge' // a sample's bytes went over limits.maxOutputBytes
  | 'Nondeterministic' // two runs of the same index gave different bytes
  | 'Forbidden' // the generator reached Math.random, Date, require, process, fetch, timers, ...
  | 'BadBundle' // the bundle is malformed (no generator.json, bad schema, syntax error, no default export)
  | 'CidMismatch' // the bundle bytes do not hash to the expected CID / sha256
  | 'BadOutput' // generate() returned something that is not a valid sample
  | 'GeneratorError' // generate() threw
  | 'WorkerCrashed' // a sandbox worker thread died (a bug or an out-of-memory host)

const HINTS: Record<SandboxErrorCode, string> = {
  TimeLimit: 'make generate() faster, or raise the per-sample time limit',
  MemoryLimit: 'allocate less per sample, or raise the memory limit',
  OutputTooLarge: 'return smaller images/planes/labels, or raise the output size limit',
  Nondeterministic: 'generate() must depend only on (seed, index, params, rng): no state kept between calls',
  Forbidden: 'generators may use only the rng argument and the SDK: no clock, randomness or I/O',
  BadBundle: 'fix the bundle and pack it again with `neuro-gen pack <dir>`',
  CidMismatch: 'the bundle was altered or corrupted: fetch it again from its CID',
  BadOutput: 'return { image: { width, height, channels, data: Uint8Array }, planes?, label }',
  GeneratorError: 'fix the error in the generator (see the cause)',
  WorkerCrashed: 'see the cause; the pool replaced the worker',
}

export class SandboxError extends Error {
  override name = 'SandboxError'
  readonly code: SandboxErrorCode
  /** The sample index that failed, when the failure belongs to one sample. */
  readonly index?: number
  /** What to do about it. */
  readonly hint: string
  readonly retryable = false

  constructor(code: SandboxErrorCode, details: string, options: { index?: number; cause?: unknown } = {}) {
    const where = options.index === undefined ? '' : ` (sample ${options.index})`
    super(`${code}${where}: ${details}`, { cause: options.cause })
    this.code = code
    this.index = options.index
    this.hint = HINTS[code]
  }

  /** Plain data for postMessage / --json output. */
  toJSON(): { code: SandboxErrorCode; message: string; index?: number; hint: string } {
    return { code: this.code, message: this.message, index: this.index, hint: this.hint }
  }
}
