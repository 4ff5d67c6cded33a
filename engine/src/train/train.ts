import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import type { Batch, BatchSource } from './BatchSource.ts'
import { type Checkpoint, CheckpointStore, type EpochProgress } from './checkpointStore.ts'
import type { BackendName } from './loadBackend.ts'
import { ReplicaSet } from './ReplicaSet.ts'
import { resolveModel } from './resolveModel.ts'
import { saveLayersModel, writeFileAtomic } from './saveLayersModel.ts'
import { TrainError } from './TrainError.ts'
import type { EpochMetrics, TrainMetrics } from './TrainMetrics.ts'

/** A labelled set held in memory (e.g. a slice of real data) to validate on after every epoch. */
export interface LabelledSet {
  name: string
  x: Float32Array
  labels: Int32Array
}

export interface TrainOptions {
  source: BatchSource
  /** A preset name (see modelPresets.ts: `mnist-cnn`, `small-cnn`, ...) or the path of a tfjs layers-model JSON. */
  model: string
  /** Where model.json, weights.bin, metrics.json and checkpoint/ go. */
  outDir: string
  epochs: number
  /** Fresh samples per epoch: epoch e trains on stream indices [e*S, (e+1)*S). */
  samplesPerEpoch: number
  batchSize: number
  /** Adam's peak learning rate; it decays along a cosine to 2% of it by the last step. */
  learningRate?: number
  /**
   * Label smoothing in [0, 1): the target puts 1 - e on the true class and e/K on every class
   * (default 0). Keeps a model trained on synthetic data from growing overconfident in cues
   * real data may lack.
   */
  labelSmoothing?: number
  /**
   * Also average the weights at the end of the last N epochs (stochastic weight averaging; default
   * 0 = off). An average of the late epochs sits nearer the middle of the region they wander in
   * and is often more accurate than any one of them. With a validation set the average becomes the
   * model only if it scores higher than the best single epoch; without one it always does.
   * Batch-norm statistics are averaged too (an approximation: they are not recomputed).
   */
  averageEpochs?: number
  /** Replica threads (default: one per core). */
  workers?: number
  backend?: BackendName
  validation?: LabelledSet
  /** Save a checkpoint at least this often (default 60 s) and at every epoch end. */
  checkpointSeconds?: number
  /** Also save every n steps (tests use it to checkpoint at known points). */
  checkpointEverySteps?: number
  /** Ignore and delete an existing checkpoint instead of resuming from it. */
  fresh?: boolean
  onEvent?: (event: TrainEvent) => void
  /** Aborting saves a checkpoint and rejects with an AbortError-named TrainError. */
  signal?: AbortSignal
}

export type TrainEvent =
  | {
      type: 'start'
      backend: BackendName
      skipped: { name: BackendName; reason: string }[]
      workers: number
      model: string
      parameters: number
      totalSteps: number
      resumedFromStep: number
    }
  | { type: 'step'; step: number; totalSteps: number; epoch: number; loss: number; accuracy: number; samplesPerSecond: number }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'checkpoint'; step: number; path: string }

export interface TrainResult {
  metrics: TrainMetrics
  modelPath: string
  metricsPath: string
}

function checkPositiveInteger(name: string, value: number, flag: string): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new TrainError(`${name} must be a positive integer, got ${String(value)}`, { details: `fix ${flag}` })
}

function learningRateAt(peak: number, step: number, totalSteps: number): number {
  // Cosine decay: large steps early, fine steps at the end, no tuning per run length.
  const t = totalSteps <= 1 ? 1 : step / (totalSteps - 1)
  return peak * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t))))
}

function hashWeights(weights: Float32Array[]): string {
  const h = createHash('sha256')
  for (const w of weights) h.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength))
  return h.digest('hex')
}

/**
 * Trains a classifier on a generator's stream: batches are generated while the replicas train on
 * the previous one, nothing but checkpoints and the final model is written, and a rerun with the
 * same options continues from the last checkpoint. Returns the metrics (also in metrics.json).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { source } = options
  checkPositiveInteger('epochs', options.epochs, '--epochs')
  checkPositiveInteger('samplesPerEpoch', options.samplesPerEpoch, '--samples-per-epoch')
  checkPositiveInteger('batchSize', options.batchSize, '--batch-size')
  const workers = options.workers ?? availableParallelism()
  checkPositiveInteger('workers', workers, '--workers')
  const peakRate = options.learningRate ?? 1e-3
  if (!(peakRate > 0 && peakRate < 1))
    throw new TrainError(`learningRate must be in (0, 1), got ${peakRate}`, { details: 'fix --learning-rate' })
  const labelSmoothing = options.labelSmoothing ?? 0
  if (!(labelSmoothing >= 0 && labelSmoothing < 1))
    throw new TrainError(`labelSmoothing must be in [0, 1), got ${labelSmoothing}`, { details: 'fix --label-smoothing' })
  const averageEpochs = options.averageEpochs ?? 0
  if (!Number.isSafeInteger(averageEpochs) || averageEpochs < 0 || averageEpochs > options.epochs)
    throw new TrainError(`averageEpochs must be an integer from 0 to epochs (${options.epochs}), got ${String(averageEpochs)}`, {
      details: 'fix --average-epochs',
    })
  const { info } = source
  if (options.validation) {
    const per = info.inputShape[0] * info.inputShape[1] * info.inputShape[2]
    const v = options.validation
    if (v.labels.length === 0 || v.x.length !== v.labels.length * per) {
      throw new TrainError(`validation set ${v.name} has ${v.x.length} values for ${v.labels.length} labels`, {
        details: `expected ${per} values per sample (${info.inputShape.join('x')})`,
      })
    }
  }

  const outDir = resolve(options.outDir)
  await mkdir(outDir, { recursive: true })
  const store = new CheckpointStore(join(outDir, 'checkpoint'))
  if (options.fresh) await store.clear()

  const model = await resolveModel(options.model, { inputShape: info.inputShape, numClasses: info.numClasses }, info.seed)
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        generator: info.generator,
        params: info.params,
        seed: info.seed,
        model: model.source,
        topology: model.topology,
        initial: hashWeights(model.weights),
        epochs: options.epochs,
        samplesPerEpoch: options.samplesPerEpoch,
        batchSize: options.batchSize,
        learningRate: peakRate,
        validation: options.validation?.name ?? null,
        // Only when set, so runs without them keep the fingerprint (and checkpoints) they had.
        ...(info.augmentation === undefined ? {} : { augmentation: info.augmentation }),
        ...(options.labelSmoothing ? { labelSmoothing: options.labelSmoothing } : {}),
        ...(averageEpochs ? { averageEpochs } : {}),
      }),
    )
    .digest('hex')

  let checkpoint = await store.load()
  if (checkpoint && checkpoint.fingerprint !== fingerprint) {
    throw new TrainError(`${store.dir} holds a checkpoint of a different run`, {
      details:
        'the generator, params, seed, model or schedule differ from that run: pass --fresh to discard it, or choose another --out',
    })
  }
  const stepsPerEpoch = Math.ceil(options.samplesPerEpoch / options.batchSize)
  const totalSteps = stepsPerEpoch * options.epochs
  const resumedFromStep = checkpoint?.step ?? 0

  const replicas = await ReplicaSet.start({
    count: workers,
    backend: options.backend,
    topology: model.topology,
    weights: checkpoint?.weights ?? model.weights,
    optimizer: { name: 'adam', learningRate: peakRate },
    labelSmoothing,
    optimizerWeights: checkpoint?.optimizerWeights,
  })
  const started = performance.now()
  let bestFile: string | undefined
  try {
    options.onEvent?.({
      type: 'start',
      backend: replicas.backend,
      skipped: replicas.skipped,
      workers,
      model: model.source,
      parameters: model.parameters,
      totalSteps,
      resumedFromStep,
    })
    const epochs: EpochMetrics[] = checkpoint?.epochs ?? []
    let best = checkpoint?.best
    let average = checkpoint?.average
    let progress: EpochProgress = checkpoint?.progress ?? { lossSum: 0, correct: 0, count: 0, seconds: 0 }

    // Sample range of a global step: epochs take consecutive fresh ranges of the stream.
    const rangeOf = (step: number): [number, number] => {
      const epoch = Math.floor(step / stepsPerEpoch)
      const within = step % stepsPerEpoch
      const start = epoch * options.samplesPerEpoch + within * options.batchSize
      const end = Math.min(start + options.batchSize, (epoch + 1) * options.samplesPerEpoch)
      return [start, end - start]
    }
    const fetch = (step: number): Promise<Batch> => {
      const [start, count] = rangeOf(step)
      return source.read(start, count, options.signal)
    }

    const saveCheckpoint = async (step: number, bestChanged: boolean): Promise<void> => {
      const state = await replicas.state()
      const cp: Checkpoint = {
        fingerprint,
        step,
        epochs,
        weights: state.weights,
        optimizerWeights: state.optimizerWeights,
        best,
        average,
        progress,
      }
      bestFile = await store.save(cp, bestChanged, bestFile)
      checkpoint = cp
      options.onEvent?.({ type: 'checkpoint', step, path: store.dir })
    }

    let lastSave = performance.now()
    let next: Promise<Batch> | undefined = resumedFromStep < totalSteps ? fetch(resumedFromStep) : undefined
    // A rejected prefetch must not crash the process before it is awaited.
    next?.catch(() => undefined)
    let epochStart = performance.now() - progress.seconds * 1000
    for (let step = resumedFromStep; step < totalSteps; step++) {
      const stop = async (): Promise<never> => {
        await saveCheckpoint(step, false)
        throw new TrainError('training stopped', {
          details: `checkpoint saved at step ${step}; rerun the same command to resume`,
        })
      }
      if (options.signal?.aborted) await stop()
      let batch: Batch
      try {
        batch = await next!
      } catch (error) {
        // An interrupt aborts the generation in flight: still checkpoint before stopping.
        if (options.signal?.aborted) await stop()
        throw error
      }
      // Generate the next batch while this one trains.
      next = step + 1 < totalSteps ? fetch(step + 1) : undefined
      next?.catch(() => undefined)
      const rate = learningRateAt(peakRate, step, totalSteps)
      const result = await replicas.step(batch.x, batch.labels, rate)
      progress.lossSum += result.lossSum
      progress.correct += result.correct
      progress.count += result.count
      progress.seconds = (performance.now() - epochStart) / 1000
      const done = step + 1
      options.onEvent?.({
        type: 'step',
        step: done,
        totalSteps,
        epoch: Math.floor(step / stepsPerEpoch) + 1,
        loss: progress.lossSum / progress.count,
        accuracy: progress.correct / progress.count,
        samplesPerSecond: progress.count / Math.max(progress.seconds, 1e-9),
      })

      let bestChanged = false
      const epochEnds = done % stepsPerEpoch === 0
      if (epochEnds) {
        const metrics: EpochMetrics = {
          epoch: done / stepsPerEpoch,
          step: done,
          loss: progress.lossSum / progress.count,
          accuracy: progress.correct / progress.count,
          learningRate: rate,
          seconds: progress.seconds,
          samplesPerSecond: progress.count / Math.max(progress.seconds, 1e-9),
        }
        if (metrics.epoch > options.epochs - averageEpochs) {
          const { weights } = await replicas.state()
          if (!average) average = { fromEpoch: metrics.epoch, count: 1, weights }
          else {
            // Running mean: avg += (w - avg) / n, exact for any n without a sum that grows.
            const n = average.count + 1
            const next = average.weights.map((a, k) => {
              const w = weights[k]
              const out = new Float32Array(a.length)
              for (let j = 0; j < a.length; j++) out[j] = a[j] + (w[j] - a[j]) / n
              return out
            })
            average = { fromEpoch: average.fromEpoch, count: n, weights: next }
          }
        }
        if (options.validation) {
          const v = await replicas.evaluate(options.validation.x, options.validation.labels)
          metrics.validationLoss = v.lossSum / v.count
          metrics.validationAccuracy = v.correct / v.count
          if (!best || metrics.validationAccuracy > best.validationAccuracy) {
            best = {
              epoch: metrics.epoch,
              validationAccuracy: metrics.validationAccuracy,
              weights: (await replicas.state()).weights,
            }
            bestChanged = true
          }
        }
        epochs.push(metrics)
        options.onEvent?.({ type: 'epoch', metrics })
        progress = { lossSum: 0, correct: 0, count: 0, seconds: 0 }
        epochStart = performance.now()
      }
      const timeDue = performance.now() - lastSave >= (options.checkpointSeconds ?? 60) * 1000
      const stepDue = options.checkpointEverySteps !== undefined && done % options.checkpointEverySteps === 0
      if (epochEnds || timeDue || stepDue) {
        await saveCheckpoint(done, bestChanged)
        lastSave = performance.now()
      }
    }

    const finalState = checkpoint && checkpoint.step === totalSteps ? checkpoint : { weights: (await replicas.state()).weights }
    let selected: { epoch: number; weights: Float32Array[] } = best ?? { epoch: epochs.length, weights: finalState.weights }
    let averaged: TrainMetrics['average']
    if (average && average.count >= 2) {
      averaged = { fromEpoch: average.fromEpoch, toEpoch: average.fromEpoch + average.count - 1, selected: !best }
      if (options.validation && best) {
        // Scored by a fresh single replica holding the averaged weights; training is over.
        const scorer = await ReplicaSet.start({
          count: 1,
          backend: options.backend,
          topology: model.topology,
          weights: average.weights,
          optimizer: { name: 'adam', learningRate: peakRate },
        })
        try {
          const v = await scorer.evaluate(options.validation.x, options.validation.labels)
          averaged.validationAccuracy = v.correct / v.count
          averaged.validationLoss = v.lossSum / v.count
        } finally {
          await scorer.close()
        }
        averaged.selected = averaged.validationAccuracy > best.validationAccuracy
      }
      if (averaged.selected) selected = { epoch: averaged.toEpoch, weights: average.weights }
    }
    const saved = await saveLayersModel(outDir, model.topology, selected.weights)
    const metrics: TrainMetrics = {
      version: 1,
      generator: info.generator,
      params: info.params,
      ...(info.augmentation === undefined ? {} : { augmentation: info.augmentation }),
      ...(options.labelSmoothing ? { labelSmoothing: options.labelSmoothing } : {}),
      seed: info.seed,
      model: model.source,
      parameters: model.parameters,
      backend: replicas.backend,
      skippedBackends: replicas.skipped,
      workers,
      batchSize: options.batchSize,
      samplesPerEpoch: options.samplesPerEpoch,
      samplesUsed: options.samplesPerEpoch * options.epochs,
      validation: options.validation ? { name: options.validation.name, count: options.validation.labels.length } : undefined,
      epochs,
      selectedEpoch: selected.epoch,
      ...(averaged ? { average: averaged } : {}),
      resumedFromStep,
      seconds: (performance.now() - started) / 1000,
    }
    const metricsPath = join(outDir, 'metrics.json')
    await writeFileAtomic(metricsPath, `${JSON.stringify(metrics, null, 2)}\n`)
    return { metrics, modelPath: saved.modelPath, metricsPath }
  } finally {
    await replicas.close()
  }
}
