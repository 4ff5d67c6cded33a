import { availableParallelism } from 'node:os'
import { ParamsError } from '@neuromation/generator-sdk'
import { loadBundle } from '../bundle/loadBundle.ts'
import { createSandboxPool } from '../sandbox/createSandboxPool.ts'
import { SandboxError } from '../sandbox/SandboxError.ts'
import { createGeneratorSource } from '../train/createGeneratorSource.ts'
import { BACKEND_ORDER, type BackendName } from '../train/loadBackend.ts'
import { loadIdxSet, mnistFiles } from '../train/loadIdxSet.ts'
import { modelPresets } from '../train/modelPresets.ts'
import { TrainError } from '../train/TrainError.ts'
import { type LabelledSet, type TrainEvent, train } from '../train/train.ts'
import { CliError } from './CliError.ts'
import { createProgress, type Progress } from './createProgress.ts'
import { intFlag, jsonFlag, parseFlags } from './parseFlags.ts'

const CMD = 'neuro-train'
const MNIST_VALIDATION_MAX = 1000

const HELP = `Usage: neuro-train --generator <dir> --out DIR [flags]

Trains a classifier on a generator's sample stream. Samples are generated in the sandbox while
the model trains (no dataset is written); checkpoints go to DIR/checkpoint and a rerun of the same
command resumes from the last one (even after kill -9). Writes DIR/model.json + DIR/weights.bin
(tfjs layers model, loadable by plain tfjs) and DIR/metrics.json.

Flags:
  --generator DIR          generator source directory or packed bundle directory (required)
  --out DIR                output directory (required)
  --params JSON|FILE       generator params, inline JSON or a JSON file (default {})
  --seed S                 stream seed: the same seed gives the same samples and initial weights (default 0)
  --model NAME|FILE        a preset (${Object.keys(modelPresets).join(', ')}) or a tfjs layers-model JSON
                           file (a topology, or a model.json with weights to fine-tune) (default mnist-cnn)
  --epochs N               epochs (default 5)
  --samples-per-epoch N    fresh samples per epoch (default 10000)
  --batch-size N           samples per optimizer step (default 64)
  --learning-rate R        Adam's peak rate, cosine-decayed to 2% (default 0.001)
  --workers N              training replica threads (default: ${availableParallelism()}, the core count)
  --gen-workers N          sandbox generator threads (default 1)
  --backend NAME           force a backend: ${BACKEND_ORDER.join(', ')} (default: the first that loads)
  --validation SET         validate after every epoch: "mnist" or "mnist:N" (the last N <= ${MNIST_VALIDATION_MAX}
                           images of the real MNIST training set), or use the two flags below
  --validation-images FILE IDX images file (with --validation-labels); --validation-count N limits it
  --label-key KEY          label field holding the class (default "class"; integer labels need none)
  --classes N              class count, when generator.json's label schema does not give it
  --checkpoint-seconds S   checkpoint at least every S seconds, besides every epoch end (default 60)
  --fresh                  discard an existing checkpoint in DIR instead of resuming
  --json                   print metrics.json on stdout at the end (progress stays on stderr)`

function floatFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n <= min || n >= max) {
    throw new CliError(`${CMD}: --${name} must be a number between ${min} and ${max} (exclusive), got "${value}"`)
  }
  return n
}

async function validationSet(values: Record<string, string | boolean | undefined>): Promise<LabelledSet | undefined> {
  const spec = values.validation as string | undefined
  const images = values['validation-images'] as string | undefined
  const labels = values['validation-labels'] as string | undefined
  const countFlag = values['validation-count'] as string | undefined
  if (spec && (images || labels))
    throw new CliError(`${CMD}: give either --validation or --validation-images/--validation-labels, not both`)
  if (images || labels) {
    if (!images || !labels)
      throw new CliError(`${CMD}: --validation-images and --validation-labels go together (IDX files of the same set)`)
    const count = countFlag === undefined ? undefined : intFlag(CMD, 'validation-count', countFlag, undefined, 1)
    return loadIdxSet(images, labels, { count })
  }
  if (countFlag !== undefined) throw new CliError(`${CMD}: --validation-count needs --validation-images and --validation-labels`)
  if (!spec) return undefined
  const match = /^mnist(?::(\d+))?$/.exec(spec)
  if (!match)
    throw new CliError(`${CMD}: --validation must be "mnist" or "mnist:N" (N <= ${MNIST_VALIDATION_MAX}), got "${spec}"`)
  const count = match[1] === undefined ? MNIST_VALIDATION_MAX : Number(match[1])
  if (count < 1 || count > MNIST_VALIDATION_MAX) {
    throw new CliError(
      `${CMD}: --validation mnist:N takes N from 1 to ${MNIST_VALIDATION_MAX} (real data only validates; it never trains), got ${count}`,
    )
  }
  // The last images of the MNIST *training* set: the test set stays untouched for final evaluation.
  const files = mnistFiles('train')
  return loadIdxSet(files.images, files.labels, { offset: 60_000 - count, count }, `mnist-train[${60_000 - count}:60000]`)
}

function describe(event: TrainEvent, log: (line: string) => void): void {
  if (event.type === 'start') {
    const skipped = event.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')
    log(`backend ${event.backend} x ${event.workers} workers${skipped ? `; skipped ${skipped}` : ''}`)
    log(
      `model ${event.model}, ${event.parameters} parameters; ${event.totalSteps} steps${event.resumedFromStep ? `, resuming from step ${event.resumedFromStep}` : ''}`,
    )
  } else if (event.type === 'epoch') {
    const m = event.metrics
    const val =
      m.validationAccuracy === undefined
        ? ''
        : `  val loss ${m.validationLoss!.toFixed(4)} acc ${(100 * m.validationAccuracy).toFixed(2)}%`
    log(
      `epoch ${m.epoch}: loss ${m.loss.toFixed(4)} acc ${(100 * m.accuracy).toFixed(2)}%${val}  ${m.samplesPerSecond.toFixed(0)} samples/s`,
    )
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags(CMD, argv, {
    generator: { type: 'string' },
    out: { type: 'string' },
    params: { type: 'string' },
    seed: { type: 'string' },
    model: { type: 'string' },
    epochs: { type: 'string' },
    'samples-per-epoch': { type: 'string' },
    'batch-size': { type: 'string' },
    'learning-rate': { type: 'string' },
    workers: { type: 'string' },
    'gen-workers': { type: 'string' },
    backend: { type: 'string' },
    validation: { type: 'string' },
    'validation-images': { type: 'string' },
    'validation-labels': { type: 'string' },
    'validation-count': { type: 'string' },
    'label-key': { type: 'string' },
    classes: { type: 'string' },
    'checkpoint-seconds': { type: 'string' },
    fresh: { type: 'boolean' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (!values.generator)
    throw new CliError(`${CMD}: --generator is required (a generator or bundle directory; see \`${CMD} --help\`)`)
  if (!values.out)
    throw new CliError(`${CMD}: --out is required (where the model, metrics and checkpoints go; see \`${CMD} --help\`)`)
  const seed = intFlag(CMD, 'seed', values.seed, 0)
  const epochs = intFlag(CMD, 'epochs', values.epochs, 5, 1)
  const samplesPerEpoch = intFlag(CMD, 'samples-per-epoch', values['samples-per-epoch'], 10_000, 1)
  const batchSize = intFlag(CMD, 'batch-size', values['batch-size'], 64, 1, 65_536)
  const workers = intFlag(CMD, 'workers', values.workers, availableParallelism(), 1, 256)
  const genWorkers = intFlag(CMD, 'gen-workers', values['gen-workers'], 1, 1, 256)
  const classes = values.classes === undefined ? undefined : intFlag(CMD, 'classes', values.classes, undefined, 2, 1_000_000)
  const checkpointSeconds = intFlag(CMD, 'checkpoint-seconds', values['checkpoint-seconds'], 60, 1)
  const learningRate = floatFlag('learning-rate', values['learning-rate'], 1e-3, 0, 1)
  const backend = values.backend as BackendName | undefined
  if (backend !== undefined && !BACKEND_ORDER.includes(backend)) {
    throw new CliError(`${CMD}: --backend must be one of ${BACKEND_ORDER.join(', ')}, got "${backend}"`)
  }
  const params = jsonFlag(CMD, 'params', values.params)
  const validation = await validationSet(values)

  const bundle = await loadBundle(values.generator)
  const pool = await createSandboxPool({ bundle, workers: genWorkers })
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  let progress: Progress | undefined
  let stepsBefore = 0
  const log = (line: string) => {
    progress?.finish()
    process.stderr.write(`${line}\n`)
  }
  try {
    const source = createGeneratorSource({ pool, params, seed, labelKey: values['label-key'], numClasses: classes })
    const result = await train({
      source,
      model: values.model ?? 'mnist-cnn',
      outDir: values.out,
      epochs,
      samplesPerEpoch,
      batchSize,
      learningRate,
      workers,
      backend,
      validation,
      checkpointSeconds,
      fresh: values.fresh,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'start') stepsBefore = event.resumedFromStep
        // An epoch line ends the current bar; the next one counts the remaining steps afresh, so
        // its rate and ETA are this process's.
        if (event.type === 'epoch') stepsBefore = event.metrics.step
        describe(event, log)
        if (event.type === 'start' || event.type === 'epoch') progress = undefined
        if (event.type === 'step') {
          progress ??= createProgress(event.totalSteps - stepsBefore, `train (from epoch ${event.epoch})`)
          progress.update(event.step - stepsBefore)
        }
      },
    })
    progress?.finish()
    const m = result.metrics
    if (values.json) process.stdout.write(`${JSON.stringify(m)}\n`)
    else {
      process.stdout.write(
        `model ${result.modelPath} (epoch ${m.selectedEpoch}${m.validation ? `, best on ${m.validation.name}` : ''})\n`,
      )
      process.stdout.write(
        `metrics ${result.metricsPath}; ${m.samplesUsed} samples of ${m.generator}; ${m.seconds.toFixed(1)} s on ${m.backend} x ${m.workers}\n`,
      )
    }
    return 0
  } finally {
    progress?.finish()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    await pool.close()
  }
}

/**
 * Runs `neuro-train <argv>`: output on process.stdout/stderr, returns the exit code (0 ok,
 * 1 failure, 2 usage or params error, 130 interrupted after saving a checkpoint). Never throws.
 */
export async function runNeuroTrain(argv: string[]): Promise<number> {
  try {
    return await main(argv)
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`)
      return error.exitCode
    }
    if (error instanceof TrainError) {
      process.stderr.write(`${CMD}: ${error.message}\n`)
      return error.message.startsWith('training stopped') ? 130 : 1
    }
    if (error instanceof SandboxError) {
      process.stderr.write(`${CMD}: ${error.message}\n  hint: ${error.hint}\n`)
      return 1
    }
    if (error instanceof ParamsError) {
      process.stderr.write(`${CMD}: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`${CMD}: ${(error as Error).stack ?? String(error)}\n`)
    return 1
  }
}
