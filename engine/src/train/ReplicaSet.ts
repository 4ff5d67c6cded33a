import { Worker } from 'node:worker_threads'
import type { BackendName } from './loadBackend.ts'
import type { FromWorker, OptimizerConfig, ToWorker } from './protocol.ts'
import { TrainError } from './TrainError.ts'

export interface ReplicaSetOptions {
  /** Number of replicas (worker threads); one per core trains fastest on wasm. */
  count: number
  backend?: BackendName
  topology: object
  weights: Float32Array[]
  optimizer: OptimizerConfig
  labelSmoothing?: number
  optimizerWeights?: Float32Array[]
}

export interface StepResult {
  lossSum: number
  correct: number
  count: number
}

export interface EvalResult extends StepResult {
  predictions: Int32Array
}

interface Replica {
  worker: Worker
  pending?: { resolve(m: FromWorker): void; reject(e: Error): void }
}

const WORKER_URL = new URL('./trainWorkerEntry.mjs', import.meta.url)

/**
 * Synchronous data-parallel training over worker threads: each step the batch is split in
 * contiguous parts, every replica computes the gradient of its part, and the gradients are
 * averaged (weighted by part size, summed in replica order, so the result is deterministic) and
 * applied by every replica with its own identical optimizer on the next message. Mathematically
 * the same as one replica training on the whole batch.
 */
export class ReplicaSet {
  /** The backend the replicas train on, and why faster ones were skipped. */
  backend: BackendName = 'cpu'
  skipped: { name: BackendName; reason: string }[] = []
  private readonly replicas: Replica[]
  private pendingGrads?: Float32Array[]
  private pendingRate?: number
  private pendingStats?: Float32Array[]
  private closed = false

  private constructor(replicas: Replica[]) {
    this.replicas = replicas
  }

  static async start(options: ReplicaSetOptions): Promise<ReplicaSet> {
    if (!Number.isInteger(options.count) || options.count < 1) {
      throw new TrainError(`workers must be a positive integer, got ${options.count}`)
    }
    const replicas: Replica[] = []
    for (let i = 0; i < options.count; i++) {
      const worker = new Worker(WORKER_URL, { execArgv: [] })
      const replica: Replica = { worker }
      worker.on('message', (m: FromWorker) => {
        const p = replica.pending
        replica.pending = undefined
        if (!p) return
        if (m.type === 'error') p.reject(new TrainError(`training replica ${i} failed`, { details: m.message }))
        else p.resolve(m)
      })
      const fail = (error: Error) => {
        const p = replica.pending
        replica.pending = undefined
        p?.reject(new TrainError(`training replica ${i} stopped`, { details: error.message, cause: error, retryable: true }))
      }
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`worker thread exited with code ${code}`)))
      replicas.push(replica)
    }
    const set = new ReplicaSet(replicas)
    try {
      const ready = await Promise.all(
        replicas.map((r) =>
          set.request(r, {
            type: 'init',
            backend: options.backend,
            topology: options.topology,
            weights: options.weights,
            optimizer: options.optimizer,
            labelSmoothing: options.labelSmoothing,
            optimizerWeights: options.optimizerWeights,
          }),
        ),
      )
      const first = ready[0] as Extract<FromWorker, { type: 'ready' }>
      set.backend = first.backend
      set.skipped = first.skipped
      return set
    } catch (error) {
      await set.close()
      throw error
    }
  }

  get size(): number {
    return this.replicas.length
  }

  private request(replica: Replica, message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.closed) return Promise.reject(new TrainError('the replica set is closed'))
    return new Promise((resolve, reject) => {
      replica.pending = { resolve, reject }
      replica.worker.postMessage(message, transfer)
    })
  }

  // The gradients waiting to be applied go out with the next message to every replica (copied,
  // not transferred: each replica needs its own).
  private takePending(): { apply?: Float32Array[]; learningRate?: number; stats?: Float32Array[] } {
    const out = { apply: this.pendingGrads, learningRate: this.pendingRate, stats: this.pendingStats }
    this.pendingGrads = undefined
    this.pendingRate = undefined
    this.pendingStats = undefined
    return out
  }

  private split(total: number): [number, number][] {
    const parts: [number, number][] = []
    const n = Math.min(this.replicas.length, total)
    for (let i = 0; i < n; i++) parts.push([Math.floor((i * total) / n), Math.floor(((i + 1) * total) / n)])
    return parts
  }

  /** One optimizer step on a batch: `x` holds `labels.length` samples laid out back to back. */
  async step(x: Float32Array, labels: Int32Array, learningRate: number): Promise<StepResult> {
    const per = x.length / labels.length
    const parts = this.split(labels.length)
    const pending = this.takePending()
    const replies = (await Promise.all(
      parts.map(([a, b], i) => {
        const xs = x.slice(a * per, b * per)
        const ys = labels.slice(a, b)
        return this.request(this.replicas[i], { type: 'step', ...pending, x: xs, labels: ys }, [xs.buffer, ys.buffer])
      }),
    )) as Extract<FromWorker, { type: 'step' }>[]
    // Replicas that got no samples (batch smaller than the replica count) still apply the update.
    for (let i = parts.length; i < this.replicas.length; i++) {
      await this.request(this.replicas[i], { type: 'state', ...pending })
    }
    const total = labels.length
    const averaged = replies[0].grads.map((g) => new Float32Array(g.length))
    for (const reply of replies) {
      const w = reply.count / total
      reply.grads.forEach((g, k) => {
        const acc = averaged[k]
        for (let j = 0; j < g.length; j++) acc[j] += w * g[j]
      })
    }
    this.pendingGrads = averaged
    this.pendingRate = learningRate
    // Non-trainable state (batch-norm moving averages) is averaged the same way: an average of
    // exponential moving averages is the moving average of the averaged batch statistics.
    if (replies[0].stats.length > 0) {
      const stats = replies[0].stats.map((g) => new Float32Array(g.length))
      for (const reply of replies) {
        const w = reply.count / total
        reply.stats.forEach((g, k) => {
          const acc = stats[k]
          for (let j = 0; j < g.length; j++) acc[j] += w * g[j]
        })
      }
      this.pendingStats = stats
    }
    let lossSum = 0
    let correct = 0
    for (const r of replies) {
      lossSum += r.lossSum
      correct += r.correct
    }
    return { lossSum, correct, count: total }
  }

  /** Loss, accuracy and predicted classes on labelled samples, split over the replicas. */
  async evaluate(x: Float32Array, labels: Int32Array): Promise<EvalResult> {
    const per = x.length / labels.length
    const parts = this.split(labels.length)
    const pending = this.takePending()
    for (let i = parts.length; i < this.replicas.length; i++) await this.request(this.replicas[i], { type: 'state', ...pending })
    const replies = (await Promise.all(
      parts.map(([a, b], i) =>
        this.request(this.replicas[i], { type: 'eval', ...pending, x: x.slice(a * per, b * per), labels: labels.slice(a, b) }),
      ),
    )) as Extract<FromWorker, { type: 'eval' }>[]
    const predictions = new Int32Array(labels.length)
    let lossSum = 0
    let correct = 0
    parts.forEach(([a], i) => {
      predictions.set(replies[i].predictions, a)
      lossSum += replies[i].lossSum
      correct += replies[i].correct
    })
    return { lossSum, correct, count: labels.length, predictions }
  }

  /** Model and optimizer state after every update so far (replica 0's; all are identical). */
  async state(): Promise<{ weights: Float32Array[]; optimizerWeights: Float32Array[] }> {
    const pending = this.takePending()
    const replies = await Promise.all(this.replicas.map((r) => this.request(r, { type: 'state', ...pending })))
    const first = replies[0] as Extract<FromWorker, { type: 'state' }>
    return { weights: first.weights, optimizerWeights: first.optimizerWeights }
  }

  /** Stops every worker (idempotent). Pending gradients are dropped: call state() first to keep them. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all(this.replicas.map((r) => r.worker.terminate()))
  }
}
