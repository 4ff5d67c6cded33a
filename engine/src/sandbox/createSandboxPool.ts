import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { type JsonValue, validateParams } from '@neuromation/generator-sdk'
import type { Bundle } from '../bundle/Bundle.ts'
import { buildSandboxSources } from './buildSandboxSources.ts'
import type { GeneratedSample } from './GeneratedSample.ts'
import { SandboxError } from './SandboxError.ts'
import { resolveLimits, type SandboxLimits } from './SandboxLimits.ts'
import type { CloseRequest, RunRequest, SerializedError, WorkerInit, WorkerReply } from './WorkerMessages.ts'

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
  /** Also encode each sample's shard files in the workers (see GeneratedSample.files). */
  encode?: boolean
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
  /** Tasks sent to the worker, answered in order. */
  pending: Task[]
}

// Tasks each worker holds at once: the second is queued inside the worker, so it starts the next
// chunk without waiting for this thread to wake up and dispatch (which takes long on a busy box).
const PIPELINE_DEPTH = 2

// How long close() lets a worker finish its current run, dispose its isolate and end by itself
// (see sandboxWorker.ts: terminating one aborted the process) before terminating it anyway: only a
// worker still inside a sample, which its time limit ends.
const CLOSE_GRACE_MS = 2_000

/** Asks the worker to dispose its isolate and exit; terminates it if it has not within the grace period. */
async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  try {
    worker.postMessage({ type: 'close' } satisfies CloseRequest)
  } catch {
    // Already gone.
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS)
  })
  if ((await Promise.race([exited, late])) === 'late') await worker.terminate()
  clearTimeout(timer)
}

function toError(e: SerializedError): SandboxError {
  return new SandboxError(e.code, e.message.replace(/^\w+( \(sample \d+\))?: /, ''), { index: e.index })
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`)
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
    for (let depth = 0; depth < PIPELINE_DEPTH; depth++) {
      for (const slot of slots) {
        if (slot.pending.length > depth || queue.length === 0) continue
        const task = queue.shift()!
        slot.pending.push(task)
        const message: RunRequest = { type: 'run', id: nextId++, ...task.request }
        slot.worker.postMessage(message)
      }
    }
  }

  // Starts a worker and resolves when its isolate has loaded the bundle.
  const spawn = (): Promise<Slot> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: init })
      const slot: Slot = { worker, pending: [] }
      let ready = false
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          ready = true
          resolve(slot)
        } else if (reply.type === 'loadFailed') {
          void stopWorker(worker)
          reject(toError(reply.error))
        } else {
          const task = slot.pending.shift()
          task?.resolve({ samples: reply.samples, error: reply.error })
          dispatch()
        }
      })
      worker.on('error', (error) => {
        if (!ready)
          reject(new SandboxError('WorkerCrashed', `a sandbox worker failed to start: ${error.message}`, { cause: error }))
      })
      worker.on('exit', (code) => {
        const i = slots.indexOf(slot)
        if (i >= 0) slots.splice(i, 1)
        if (closed) return
        if (!ready) {
          reject(new SandboxError('WorkerCrashed', `a sandbox worker exited with code ${code} before loading the bundle`))
          return
        }
        // An unexpected exit: fail its tasks, replace the worker, keep serving.
        for (const task of slot.pending.splice(0)) {
          task.reject(
            new SandboxError('WorkerCrashed', `a sandbox worker exited with code ${code}`, { index: task.request.start }),
          )
        }
        spawn().then(
          (replacement) => {
            if (closed) void stopWorker(replacement.worker)
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
    await Promise.all(slots.map((s) => stopWorker(s.worker)))
    throw error
  }

  const submit = (owner: object, request: Task['request']): Promise<{ samples: GeneratedSample[]; error?: SerializedError }> => {
    if (closed) return Promise.reject(new Error('the sandbox pool is closed'))
    return new Promise((resolve, reject) => {
      queue.push({ owner, request, resolve, reject })
      dispatch()
    })
  }

  const paramsJsonFor = (params: unknown): string =>
    JSON.stringify(validateParams(bundle.manifest.params, params ?? {}) as JsonValue)

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
    // Keep every worker busy with queued chunks (a busy machine may be slow to wake this thread
    // for the next dispatch), without buffering the whole range.
    const maxInFlight = Math.max(4, slots.length * 4)
    const inFlight: Promise<{ samples: GeneratedSample[]; error?: SerializedError }>[] = []
    let next = start
    const fill = (): void => {
      while (next < end && inFlight.length < maxInFlight) {
        const n = Math.min(chunkSize, end - next)
        const verify: number[] = []
        if (verifyEvery > 0) for (let i = next; i < next + n; i++) if (i % verifyEvery === 0) verify.push(i)
        const p = submit(owner, { seed, start: next, count: n, paramsJson, verify, encode: request.encode ?? false })
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
      // Anything waiting on a worker fails now rather than hanging once the workers are gone.
      for (const task of queue.splice(0)) task.reject(new Error('the sandbox pool was closed'))
      for (const slot of slots) for (const task of slot.pending.splice(0)) task.reject(new Error('the sandbox pool was closed'))
      await Promise.all(slots.map((s) => stopWorker(s.worker)))
    },
  }
}
