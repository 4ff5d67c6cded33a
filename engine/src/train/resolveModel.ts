import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createRng } from '@neuromation/generator-sdk'
import * as tf from '@tensorflow/tfjs'
import { modelPresets, type PresetShape } from './modelPresets.ts'
import { TrainError } from './TrainError.ts'

// PROD silences tfjs's console banner about tfjs-node: the main thread only builds and saves
// models (the replicas train), so that advice does not apply.
tf.env().set('PROD', true)

export interface ResolvedModel {
  /** What was asked for: `preset:<name>` or the absolute path of the JSON file. */
  source: string
  /** The layers-model topology the replicas rebuild the model from. */
  topology: object
  /** Initial values of every weight, in `model.weights` order. */
  weights: Float32Array[]
  /** Whether the initial weights came from the file (fine-tuning) rather than the seed. */
  pretrained: boolean
  /** Trainable parameter count, for the log. */
  parameters: number
}

/**
 * tfjs names layers from process-wide counters: the first model built in a process has
 * conv2d_Conv2D1, the next conv2d_Conv2D3. A preset's topology is renumbered the way a fresh
 * process names it (per name prefix, in creation order), so it, the run's fingerprint and so its
 * checkpoints do not depend on what the process built before (sim2real builds one model per
 * ensemble member).
 */
function freshProcessNames(topology: object): object {
  const json = structuredClone(topology) as { config: { name?: string; layers: { config: { name: string } }[] } }
  const numbered = (name: string) => /^(.*?)(\d+)$/.exec(name)
  const byPrefix = new Map<string, number[]>()
  for (const name of [json.config.name ?? '', ...json.config.layers.map((l) => l.config.name)]) {
    const m = numbered(name)
    if (m) byPrefix.set(m[1], [...(byPrefix.get(m[1]) ?? []), Number(m[2])])
  }
  const renamed = new Map<string, string>()
  for (const [prefix, numbers] of byPrefix) {
    const order = [...numbers].sort((a, b) => a - b)
    for (const n of numbers) renamed.set(`${prefix}${n}`, `${prefix}${order.indexOf(n) + 1}`)
  }
  // Names appear as layer names, in inbound nodes and in the input/output lists: rename every
  // string that is exactly a layer's (or the model's) name.
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return renamed.get(value) ?? value
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]))
    return value
  }
  return walk(json) as object
}

// Glorot-uniform for every trainable kernel (rank >= 2), drawn from the run's seed, so the same
// seed gives the same initial model on every machine; biases and non-trainable state keep their
// (constant) initializers.
function seededWeights(model: tf.LayersModel, seed: number): Float32Array[] {
  const rng = createRng(seed, 0, 'init-weights')
  const trainable = new Set(model.trainableWeights.map((w) => w.name))
  return model.weights.map((w) => {
    const shape = w.shape as number[]
    if (!trainable.has(w.name) || shape.length < 2) return Float32Array.from(w.read().dataSync() as ArrayLike<number>)
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1)
    const fanIn = shape[shape.length - 2] * receptive
    const fanOut = shape[shape.length - 1] * receptive
    const limit = Math.sqrt(6 / (fanIn + fanOut))
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1))
    for (let i = 0; i < out.length; i++) out[i] = rng.range(-limit, limit)
    return out
  })
}

function checkShape(model: tf.LayersModel, shape: PresetShape, source: string): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new TrainError(`model ${source} has ${model.inputs.length} inputs and ${model.outputs.length} outputs`, {
      details: 'the runner trains single-input, single-output classifiers',
    })
  }
  const input = (model.inputs[0].shape as (number | null)[]).slice(1)
  if (input.length !== 3 || input.some((d, i) => d !== shape.inputShape[i])) {
    throw new TrainError(
      `model ${source} takes inputs of shape [${input.join(', ')}] but the generator makes [${shape.inputShape.join(', ')}]`,
      {
        details: "change the model's input layer (inputShape) to match the generator's output.image",
      },
    )
  }
  const output = model.outputs[0].shape as (number | null)[]
  if (output.length !== 2 || output[1] !== shape.numClasses) {
    throw new TrainError(`model ${source} outputs shape [${output.join(', ')}] but the data has ${shape.numClasses} classes`, {
      details: `end the model with a dense layer of ${shape.numClasses} units and softmax activation`,
    })
  }
}

async function loadModelFile(path: string): Promise<{ model: tf.LayersModel; pretrained: boolean }> {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new TrainError(code === 'ENOENT' ? `model file ${path} does not exist` : `model file ${path} is not valid JSON`, {
      details:
        code === 'ENOENT'
          ? `give a preset (${Object.keys(modelPresets).join(', ')}) or the path of a tfjs layers-model JSON`
          : (error as Error).message,
      cause: error,
    })
  }
  // Either a full model.json (topology + weights manifest) or a bare topology (model.toJSON()).
  const topology = (json.modelTopology ?? json) as Record<string, unknown>
  if (typeof topology.class_name !== 'string' || typeof topology.config !== 'object') {
    throw new TrainError(`model file ${path} is not a tfjs layers model`, {
      details:
        'expected a model.json with "modelTopology", or a topology with "class_name" and "config" (what model.toJSON() writes)',
    })
  }
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig | undefined
  try {
    if (!manifest) return { model: await tf.models.modelFromJSON(topology as never), pretrained: false }
    const buffers = await Promise.all(manifest.flatMap((group) => group.paths.map((p) => readFile(resolve(dirname(path), p)))))
    const weightData = Buffer.concat(buffers)
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: topology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    }
    return { model: await tf.loadLayersModel(tf.io.fromMemory(artifacts)), pretrained: true }
  } catch (error) {
    throw new TrainError(`model file ${path} could not be loaded`, { details: (error as Error).message, cause: error })
  }
}

/**
 * Turns `--model` (a preset name or a layers-model JSON path) into a topology and initial weights
 * for the data's shape, with a clear error when the model does not fit the data.
 */
export async function resolveModel(spec: string, shape: PresetShape, seed: number): Promise<ResolvedModel> {
  const preset = modelPresets[spec]
  let model: tf.LayersModel
  let pretrained = false
  let source: string
  if (preset) {
    source = `preset:${spec}`
    model = preset.build(shape)
  } else if (/[\\/]|\.json$/i.test(spec)) {
    source = resolve(spec)
    ;({ model, pretrained } = await loadModelFile(source))
  } else {
    throw new TrainError(`unknown model "${spec}"`, {
      details: `use a preset (${Object.keys(modelPresets).join(', ')}) or the path of a tfjs layers-model JSON file`,
    })
  }
  try {
    checkShape(model, shape, source)
    const weights = pretrained
      ? model.weights.map((w) => Float32Array.from(w.read().dataSync() as ArrayLike<number>))
      : seededWeights(model, seed)
    const json = model.toJSON(null, false) as object
    const topology = preset ? freshProcessNames(json) : json
    const parameters = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0)
    return { source, topology, weights, pretrained, parameters }
  } finally {
    model.dispose()
  }
}
