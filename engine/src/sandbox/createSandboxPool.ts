import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { validateParams, type JsonValue } from '@neuromation/generator-sdk'
import type { Bundle } from '../bundle/Bundle.ts'
import { buildSandboxSources } from './buildSandboxSources.ts'
import type { GeneratedSample } from './GeneratedSample.ts'
import { SandboxError } from './SandboxError.ts'
import { resolveLimits, type SandboxLimits } from './SandboxLimits.ts'
import type { RunRequest, SerializedError, WorkerInit, WorkerReply } from './WorkerMessages.ts'

export interface SandboxPoolOptions {
  bundle: Bundle
  /** Worker threads, one isolate each (default: the machine's available parallelism). */
  workers?: number
  limits?: Partial<SandboxLimits>
  /**
   * Re-run every n-th index (index % n === 0) and compare bytes, failing with Nondeterministic
   * on a difference: 1 checks every sample, 0 none. Default 64 (about 1.5% extra work).
   */
  verifyEvery?: number
}

export interface GenerateRequest {
  /** Params for the generator; validated against generator.json's schema, defaults filled in. */
  params?: unknown
  seed: number
  /** First global sample index. */
  start: number
  count: number
  signal?: AbortSignal
  /** Consecutive indices one worker runs per message (default 8). */
  chunkSize?: number
}

export interface SandboxPool {
  readonly bundle: Bundle
  readonly workers: number
  readonly limits: SandboxLimits
  /**
   * Samples start .. start+count-1, yielded in index order while the workers run ahead.
   * A failing sample throws its SandboxError after every earlier sample was yielded; the pool
   * stays usable for further calls.
   */
  generate(request: GenerateRequest): AsyncGenerator<GeneratedSample>
  /** One sample. */
  sample(index: number, options: { seed: number; params?: unknown }): Promise<GeneratedSample>
  /** Stops every worker; idempotent. */
  close(): Promise<void>
}

interface Task {
  owner: object
  request: Omit<RunRequest, 'id' | 'type'>
  resolve: (reply: { samples: GeneratedSample[]; error?: SerializedError }) => void
  reject: (error: unknown) => void
}

interface Slot {
  worker: Worker
  busy: Task | undefined
}

function toError(e: SerializedError): SandboxError {
  return new SandboxError(e.code, e.message.replace(/^\w+( \(sample \d+\))?: /, ''), { index: e.index })
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`)
}

/**
 * A pool of worker threads, each running the bundle in its own isolated-vm isolate, so that
 * generation uses every core. Resolves once every worker has loaded the bundle; rejects with the
 * bundle's SandboxError (BadBundle, Forbidden, TimeLimit, MemoryLimit) if it cannot load.
 */
export async function createSandboxPool(options: SandboxPoolOptions): Promise<SandboxPool> {
  const limits = resolveLimits(options.limits)
  const workerCount = options.workers ?? availableParallelism()
  checkCount('workers', workerCount, 1)
  const verifyEvery = options.verifyEvery ?? 64
  checkCount('verifyEvery', verifyEvery, 0)
  const { bundle } = options
  const sources = await buildSandboxSources()
  const init: WorkerInit = {
    moduleSource: bundle.moduleSource,
    preludeSource: sources.prelude,
    limits,
    resolveFrom: fileURLToPath(import.meta.url),
  }
  const workerUrl = new URL(`data:text/javascript;base64,${Buffer.from(sources.worker).toString('base64')}`)
  const queue: Task[] = []
  const slots: Slot[] = []
  let nextId = 1
  let closed = false

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue
      const task = queue.shift()!
      slot.busy = task
      const message: RunRequest = { type: 'run', id: nextId++, ...task.request }
      slot.worker.postMessage(message)
    }
  }

  // Starts a worker and resolves when its isolate has loaded the bundle.
  const spawn = (): Promise<Slot> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: init })
      const slot: Slot = { worker, busy: undefined }
      let ready = false
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          ready = true
          resolve(slot)
        } else if (reply.type === 'loadFailed') {
          void worker.terminate()
          reject(toError(reply.error))
        } else {
          const task = slot.busy
          slot.busy = undefined
          task?.resolve({ samples: reply.samples, error: reply.error })
          dispatch()
        }
      })
      worker.on('error', (error) => {
        if (!ready) reject(new SandboxError('WorkerCrashed', `a sandbox worker failed to start: ${error.message}`, { cause: error }))
      })
      worker.on('exit', (code) => {
        const i = slots.indexOf(slot)
        if (i >= 0) slots.splice(i, 1)
        if (closed) return
        if (!ready) {
          reject(new SandboxError('WorkerCrashed', `a sandbox worker exited with code ${code} before loading the bundle`))
          return
        }
        // An unexpected exit: fail its task, replace the worker, keep serving.
        slot.busy?.reject(new SandboxError('WorkerCrashed', `a sandbox worker exited with code ${code}`, { index: slot.busy.request.start }))
        spawn().then(
          (replacement) => {
            if (closed) void replacement.worker.terminate()
            else {
              slots.push(replacement)
              dispatch()
            }
          },
          () => undefined,
        )
      })
    })

  try {
    const started = await Promise.allSettled(Array.from({ length: workerCount }, () => spawn()))
    for (const s of started) if (s.status === 'fulfilled') slots.push(s.value)
    const failed = started.find((s) => s.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  } catch (error) {
    closed = true
    await Promise.all(slots.map((s) => s.worker.terminate()))
    throw error
  }

  const submit = (owner: object, request: Task['request']): Promise<{ samples: GeneratedSample[]; error?: SerializedError }> => {
    if (closed) return Promise.reject(new Error('the sandbox pool is closed'))
    return new Promise((resolve, reject) => {
      queue.push({ owner, request, resolve, reject })
      dispatch()
    })
  }

  const paramsJsonFor = (params: unknown): string => JSON.stringify(validateParams(bundle.manifest.params, params ?? {}) as JsonValue)

  async function* generate(request: GenerateRequest): AsyncGenerator<GeneratedSample> {
    const { seed, start, count } = request
    checkCount('seed', seed, 0)
    checkCount('start', start, 0)
    checkCount('count', count, 0)
    const chunkSize = request.chunkSize ?? 8
    checkCount('chunkSize', chunkSize, 1)
    const paramsJson = paramsJsonFor(request.params)
    const owner = {}
    const end = start + count
    // Keep every worker busy with one chunk plus one queued, without buffering the whole range.
    const maxInFlight = Math.max(2, slots.length * 2)
    const inFlight: Promise<{ samples: GeneratedSample[]; error?: SerializedError }>[] = []
    let next = start
    const fill = (): void => {
      while (next < end && inFlight.length < maxInFlight) {
        const n = Math.min(chunkSize, end - next)
        const verify: number[] = []
        if (verifyEvery > 0) for (let i = next; i < next + n; i++) if (i % verifyEvery === 0) verify.push(i)
        const p = submit(owner, { seed, start: next, count: n, paramsJson, verify })
        // Avoid an unhandled rejection for chunks we stop awaiting after an earlier failure.
        p.catch(() => undefined)
        inFlight.push(p)
        next += n
      }
    }
    try {
      fill()
      while (inFlight.length > 0) {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('generation aborted')
        const { samples, error } = await inFlight.shift()!
        fill()
        for (const s of samples) yield s
        if (error) throw toError(error)
      }
    } finally {
      // Chunks still queued for this request are dropped; running ones finish and are ignored.
      next = end
      for (let i = queue.length - 1; i >= 0; i--) {
        if (queue[i].owner === owner) queue.splice(i, 1)[0].resolve({ samples: [] })
      }
    }
  }

  return {
    bundle,
    get workers() {
      return slots.length
    },
    limits,
    generate,
    async sample(index, { seed, params }) {
      for await (const s of generate({ seed, params, start: index, count: 1 })) return s
      throw new Error('unreachable: a one-sample request yielded nothing')
    },
    async close() {
      if (closed) return
      closed = true
      for (const task of queue.splice(0)) task.reject(new Error('the sandbox pool was closed'))
      await Promise.all(slots.map((s) => s.worker.terminate()))
    },
  }
}
