import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './saveLayersModel.ts'
import { TrainError } from './TrainError.ts'
import type { EpochMetrics } from './TrainMetrics.ts'

/** Everything needed to continue a run exactly where it stopped. */
export interface Checkpoint {
  /** Hash of the options that shape the run; a checkpoint only resumes the same run. */
  fingerprint: string
  /** Optimizer steps done. */
  step: number
  epochs: EpochMetrics[]
  weights: Float32Array[]
  optimizerWeights: Float32Array[]
  /** Weights of the epoch with the best validation accuracy so far (when validating). */
  best?: { epoch: number; validationAccuracy: number; weights: Float32Array[] }
  /** Mean of the weights at the end of the epochs averaged so far (with `averageEpochs`). */
  average?: { fromEpoch: number; count: number; weights: Float32Array[] }
  /** Running sums of the epoch in progress, so its metrics stay whole across a resume. */
  progress?: EpochProgress
}

export interface EpochProgress {
  lossSum: number
  correct: number
  count: number
  seconds: number
}

interface StateFile {
  version: 1
  fingerprint: string
  step: number
  epochs: EpochMetrics[]
  file: string
  weightLengths: number[]
  optimizerLengths: number[]
  best?: { epoch: number; validationAccuracy: number; file: string }
  average?: { fromEpoch: number; count: number; file: string }
  progress?: EpochProgress
  savedAt: string
}

const STATE = 'state.json'

function pack(arrays: Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0)
  const out = new Float32Array(total)
  let offset = 0
  for (const a of arrays) {
    out.set(a, offset)
    offset += a.length
  }
  return new Uint8Array(out.buffer)
}

function unpack(bytes: Buffer, lengths: number[], file: string): Float32Array[] {
  const expected = lengths.reduce((n, l) => n + l, 0) * 4
  if (bytes.byteLength !== expected) {
    throw new TrainError(`checkpoint file ${file} has ${bytes.byteLength} bytes, expected ${expected}`, {
      details: 'the checkpoint is damaged: delete the checkpoint directory (or pass --fresh) to start over',
    })
  }
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  const out: Float32Array[] = []
  let offset = 0
  for (const l of lengths) {
    out.push(all.slice(offset, offset + l))
    offset += l
  }
  return out
}

/**
 * Checkpoints in one directory: a binary file per saved step plus `state.json` naming it. The
 * binary is written first and state.json is replaced atomically after, so whatever instant the
 * process dies at (SIGKILL included), state.json names a complete checkpoint.
 */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  async load(): Promise<Checkpoint | undefined> {
    let text: string
    try {
      text = await readFile(join(this.dir, STATE), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    let state: StateFile
    try {
      state = JSON.parse(text) as StateFile
    } catch (error) {
      throw new TrainError(`checkpoint ${join(this.dir, STATE)} is not valid JSON`, {
        details: 'delete the checkpoint directory (or pass --fresh) to start over',
        cause: error,
      })
    }
    if (state.version !== 1)
      throw new TrainError(`checkpoint ${join(this.dir, STATE)} has unknown version ${String(state.version)}`)
    const blob = await readFile(join(this.dir, state.file))
    const arrays = unpack(blob, [...state.weightLengths, ...state.optimizerLengths], state.file)
    const checkpoint: Checkpoint = {
      fingerprint: state.fingerprint,
      step: state.step,
      epochs: state.epochs,
      weights: arrays.slice(0, state.weightLengths.length),
      optimizerWeights: arrays.slice(state.weightLengths.length),
      progress: state.progress,
    }
    if (state.best) {
      const best = unpack(await readFile(join(this.dir, state.best.file)), state.weightLengths, state.best.file)
      checkpoint.best = { epoch: state.best.epoch, validationAccuracy: state.best.validationAccuracy, weights: best }
    }
    if (state.average) {
      const weights = unpack(await readFile(join(this.dir, state.average.file)), state.weightLengths, state.average.file)
      checkpoint.average = { fromEpoch: state.average.fromEpoch, count: state.average.count, weights }
    }
    return checkpoint
  }

  async save(checkpoint: Checkpoint, bestChanged: boolean, previousBestFile?: string): Promise<string | undefined> {
    await mkdir(this.dir, { recursive: true })
    const tag = String(checkpoint.step).padStart(8, '0')
    const file = `step-${tag}.bin`
    await writeFileAtomic(join(this.dir, file), pack([...checkpoint.weights, ...checkpoint.optimizerWeights]))
    let bestFile = previousBestFile
    if (checkpoint.best && (bestChanged || !bestFile)) {
      bestFile = `best-${tag}.bin`
      await writeFileAtomic(join(this.dir, bestFile), pack(checkpoint.best.weights))
    }
    // The average changes only at epoch ends and its file is named by the last epoch it holds, so
    // a file already there holds these weights: timed checkpoints within an epoch skip the write.
    let average: StateFile['average']
    if (checkpoint.average) {
      const { fromEpoch, count, weights } = checkpoint.average
      average = { fromEpoch, count, file: `avg-${String(fromEpoch + count - 1).padStart(8, '0')}.bin` }
      if (!existsSync(join(this.dir, average.file))) await writeFileAtomic(join(this.dir, average.file), pack(weights))
    }
    const state: StateFile = {
      version: 1,
      fingerprint: checkpoint.fingerprint,
      step: checkpoint.step,
      epochs: checkpoint.epochs,
      file,
      weightLengths: checkpoint.weights.map((w) => w.length),
      optimizerLengths: checkpoint.optimizerWeights.map((w) => w.length),
      best:
        checkpoint.best && bestFile
          ? { epoch: checkpoint.best.epoch, validationAccuracy: checkpoint.best.validationAccuracy, file: bestFile }
          : undefined,
      average,
      progress: checkpoint.progress,
      savedAt: new Date().toISOString(),
    }
    await writeFileAtomic(join(this.dir, STATE), JSON.stringify(state, null, 2))
    // Only now are older binaries unreferenced.
    for (const name of await readdir(this.dir)) {
      if (
        name !== file &&
        name !== bestFile &&
        name !== average?.file &&
        name !== STATE &&
        /^(step|best|avg)-\d+\.bin(\.tmp-\d+)?$/.test(name)
      ) {
        await rm(join(this.dir, name), { force: true })
      }
    }
    return bestFile
  }

  /** Deletes every checkpoint (a fresh start). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
