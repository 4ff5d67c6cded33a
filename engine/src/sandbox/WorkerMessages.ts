import type { GeneratedSample } from './GeneratedSample.ts'
import type { SandboxErrorCode } from './SandboxError.ts'
import type { SandboxLimits } from './SandboxLimits.ts'

/** What a sandbox worker thread is started with. */
export interface WorkerInit {
  moduleSource: string
  preludeSource: string
  limits: SandboxLimits
  /** A file path to resolve `isolated-vm` from (the worker runs from a data: URL). */
  resolveFrom: string
}

/** Run samples start .. start+count-1; re-run those listed in `verify` and compare bytes. */
export interface RunRequest {
  type: 'run'
  id: number
  seed: number
  start: number
  count: number
  paramsJson: string
  verify: number[]
  /** Also encode each sample's shard files (PNG + JSON) in the worker. */
  encode: boolean
}

/** Dispose the isolate and end the thread (after any run queued before it). */
export interface CloseRequest {
  type: 'close'
}

export interface SerializedError {
  code: SandboxErrorCode
  message: string
  index?: number
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'loadFailed'; error: SerializedError }
  /** Samples in index order; with `error`, the samples before the failing index. */
  | { type: 'done'; id: number; samples: GeneratedSample[]; error?: SerializedError }
