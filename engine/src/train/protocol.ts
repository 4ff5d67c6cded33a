import type { BackendName } from './loadBackend.ts'

// Messages between the trainer (main thread) and its data-parallel replica workers. Arrays are
// Float32Array so they move as transferables, never as JSON.

export interface OptimizerConfig {
  /** Only Adam for now: it trains every model here without per-model tuning. */
  name: 'adam'
  learningRate: number
}

export interface InitMessage {
  type: 'init'
  backend?: BackendName
  /** tfjs layers-model topology (what `model.toJSON(null, false)` returns, parsed). */
  topology: object
  /** Every model weight (trainable and not), in `model.weights` order. */
  weights: Float32Array[]
  optimizer: OptimizerConfig
  /** Label smoothing of the training loss (0 = plain cross-entropy). */
  labelSmoothing?: number
  /** Adam's state on resume (iterations, first and second moments), in `getWeights()` order. */
  optimizerWeights?: Float32Array[]
}

export interface StepMessage {
  type: 'step'
  /** Averaged gradients of the previous step to apply first (one per trainable weight). */
  apply?: Float32Array[]
  learningRate?: number
  /** Averaged non-trainable state (batch-norm moving statistics) of the previous step to set first. */
  stats?: Float32Array[]
  x: Float32Array
  labels: Int32Array
}

export interface EvalMessage {
  type: 'eval'
  apply?: Float32Array[]
  learningRate?: number
  stats?: Float32Array[]
  x: Float32Array
  labels: Int32Array
}

export interface StateMessage {
  type: 'state'
  apply?: Float32Array[]
  learningRate?: number
  stats?: Float32Array[]
}

export type ToWorker = InitMessage | StepMessage | EvalMessage | StateMessage | { type: 'close' }

export type FromWorker =
  | { type: 'ready'; backend: BackendName; skipped: { name: BackendName; reason: string }[] }
  | {
      type: 'step'
      grads: Float32Array[]
      /** Non-trainable weights after the step (batch-norm moving statistics; empty for most models). */
      stats: Float32Array[]
      lossSum: number
      correct: number
      count: number
    }
  | { type: 'eval'; lossSum: number; correct: number; count: number; predictions: Int32Array }
  | { type: 'state'; weights: Float32Array[]; optimizerWeights: Float32Array[] }
  | { type: 'error'; message: string; stack?: string }
