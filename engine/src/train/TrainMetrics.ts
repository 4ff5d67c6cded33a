import type { BackendName } from './loadBackend.ts'

/** What one epoch measured (an epoch = `samplesPerEpoch` fresh samples of the stream). */
export interface EpochMetrics {
  epoch: number
  /** Optimizer steps done at the end of this epoch. */
  step: number
  /** Mean training loss and accuracy over the epoch's batches (measured while training). */
  loss: number
  accuracy: number
  /** On the validation set, when one was given. */
  validationLoss?: number
  validationAccuracy?: number
  learningRate: number
  /** Wall seconds the epoch took (this process only) and its training throughput. */
  seconds: number
  samplesPerSecond: number
}

/** metrics.json: the run's configuration, per-epoch figures and outcome. */
export interface TrainMetrics {
  version: 1
  generator: string
  params: unknown
  /** Training-time augmentation options, when the stream was augmented. */
  augmentation?: unknown
  /** Label smoothing, when used. */
  labelSmoothing?: number
  seed: number
  model: string
  parameters: number
  backend: BackendName
  skippedBackends: { name: BackendName; reason: string }[]
  workers: number
  batchSize: number
  samplesPerEpoch: number
  /** Synthetic samples consumed by training (epochs x samplesPerEpoch). */
  samplesUsed: number
  validation?: { name: string; count: number }
  epochs: EpochMetrics[]
  /**
   * Which epoch's weights were written as the model (best validation accuracy, else the last); when
   * `average.selected`, the last epoch of the averaged weights that were written instead.
   */
  selectedEpoch: number
  /** The weight average of the last epochs (`averageEpochs`), its validation figures and whether it became the model. */
  average?: {
    fromEpoch: number
    toEpoch: number
    validationAccuracy?: number
    validationLoss?: number
    selected: boolean
  }
  /** Steps restored from a checkpoint at the start of this process (0 for a fresh run). */
  resumedFromStep: number
  /** Wall seconds of this process's training. */
  seconds: number
}
