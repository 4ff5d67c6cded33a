import { parentPort } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs'
import { loadBackend } from './loadBackend.ts'
import type { FromWorker, ToWorker } from './protocol.ts'

// One data-parallel replica: a full copy of the model on its own tfjs instance (wasm runs one
// thread per instance in Node, so replicas are how every core trains). All replicas start from
// the same weights and apply the same averaged gradients with the same optimizer, so they stay
// bit-identical without ever shipping weights around.

if (!parentPort) throw new Error('trainWorker must run in a worker thread')
// PROD silences tfjs's banner recommending tfjs-node: the runner already reports which faster
// backends were missing and why.
tf.env().set('PROD', true)
const port = parentPort

let model: tf.LayersModel | undefined
let optimizer: tf.AdamOptimizer | undefined
let trainable: tf.Variable[] = []
let inputShape: number[] = []
let labelSmoothing = 0

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer)
}

function cloneBuffer(data: tf.TypedArray): Float32Array {
  return data instanceof Float32Array ? new Float32Array(data) : Float32Array.from(data as ArrayLike<number>)
}

// Mean cross-entropy of softmax probabilities: the models output probabilities (the format the
// sim2real contract fixes), so the loss takes log of clipped probabilities rather than logits.
// With smoothing e the target is (1 - e) on the true class plus e/K on every class.
function loss(probs: tf.Tensor, labels: tf.Tensor1D, smoothing = 0): tf.Scalar {
  const classes = probs.shape[probs.shape.length - 1] as number
  let target: tf.Tensor = tf.oneHot(labels, classes)
  if (smoothing > 0) target = tf.add(tf.mul(target, 1 - smoothing), smoothing / classes)
  return tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(probs, 1e-7, 1))))).div(labels.shape[0]) as tf.Scalar
}

// Every replica sets the same averaged moving statistics, so batch-norm layers stay identical
// across replicas even though each one only saw its own part of the batch.
function setStats(stats: Float32Array[] | undefined): void {
  if (!stats || !model) return
  model.nonTrainableWeights.forEach((w, i) => {
    const t = tf.tensor(stats[i], w.shape as number[])
    w.write(t)
    t.dispose()
  })
}

function applyPending(message: { apply?: Float32Array[]; learningRate?: number; stats?: Float32Array[] }): void {
  setStats(message.stats)
  applyGradients(message.apply, message.learningRate)
}

function applyGradients(grads: Float32Array[] | undefined, learningRate: number | undefined): void {
  if (!grads || !optimizer) return
  // The learning rate is a protected field in the typings but read on every applyGradients call:
  // setting it is how tfjs optimizers follow a schedule.
  if (learningRate !== undefined) (optimizer as unknown as { learningRate: number }).learningRate = learningRate
  const named = trainable.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i], v.shape) }))
  optimizer.applyGradients(named)
  tf.dispose(named.map((n) => n.tensor))
}

// Adam's bias-correction powers (accBeta1/2) are not part of getWeights(); setWeights recomputes
// them with pow(), which can differ from the running product in the last bit. They are saved and
// restored as they are, so a resumed run continues bit-identically to an uninterrupted one.
interface AdamInternals {
  accBeta1: tf.Variable
  accBeta2: tf.Variable
}

async function saveOptimizer(): Promise<Float32Array[]> {
  const weights = await optimizer!.getWeights()
  const internals = optimizer as unknown as AdamInternals
  return [
    ...weights.map((w) => cloneBuffer(w.tensor.dataSync())),
    cloneBuffer(internals.accBeta1.dataSync()),
    cloneBuffer(internals.accBeta2.dataSync()),
  ]
}

async function restoreOptimizer(saved: Float32Array[]): Promise<void> {
  const moments = saved.slice(1, -2)
  const half = moments.length / 2
  if (half !== 0 && half !== trainable.length) {
    throw new Error(
      `checkpointed optimizer state has ${half} moment tensors but the model has ${trainable.length} trainable weights`,
    )
  }
  // setWeights creates the moment variables from these values (they are otherwise created lazily
  // on the first step) and takes the iteration count from the first entry.
  await optimizer!.setWeights([
    { name: 'iter', tensor: tf.scalar(saved[0][0], 'int32') },
    ...moments.map((m, i) => ({
      name: `${trainable[i % trainable.length].name}/${i < half ? 'm' : 'v'}`,
      tensor: tf.tensor(m, trainable[i % trainable.length].shape),
    })),
  ])
  const internals = optimizer as unknown as AdamInternals
  internals.accBeta1.assign(tf.scalar(saved[saved.length - 2][0]))
  internals.accBeta2.assign(tf.scalar(saved[saved.length - 1][0]))
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      const backend = await loadBackend(message.backend)
      model = await tf.models.modelFromJSON(message.topology as tf.io.ModelJSON['modelTopology'] as never)
      model.setWeights(model.weights.map((w, i) => tf.tensor(message.weights[i], w.shape as number[])))
      trainable = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val)
      inputShape = (model.inputs[0].shape as number[]).slice(1)
      optimizer = tf.train.adam(message.optimizer.learningRate)
      labelSmoothing = message.labelSmoothing ?? 0
      if (message.optimizerWeights) await restoreOptimizer(message.optimizerWeights)
      send({ type: 'ready', backend: backend.name, skipped: backend.skipped })
      return
    }
    case 'step': {
      applyPending(message)
      const count = message.labels.length
      // The tidy returns tensors only: it walks whatever it returns looking for tensors, and a
      // Float32Array of 200k gradients would be walked element by element (20 ms a step).
      const step = tf.tidy(() => {
        const x = tf.tensor(message.x, [count, ...inputShape])
        const y = tf.tensor1d(message.labels, 'int32')
        let correct: tf.Scalar | undefined
        const { value, grads } = tf.variableGrads(() => {
          const probs = model!.apply(x, { training: true }) as tf.Tensor
          correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), y), 'int32')) as tf.Scalar)
          return loss(probs, y, labelSmoothing)
        }, trainable)
        return { value, correct: correct!, grads: trainable.map((v) => grads[v.name]) }
      })
      const result = {
        lossSum: (step.value.dataSync()[0] as number) * count,
        correct: step.correct.dataSync()[0] as number,
        grads: step.grads.map((g) => cloneBuffer(g.dataSync())),
      }
      tf.dispose([step.value, step.correct, ...step.grads])
      const stats = model!.nonTrainableWeights.map((w) => cloneBuffer(w.read().dataSync()))
      send(
        { type: 'step', grads: result.grads, stats, lossSum: result.lossSum, correct: result.correct, count },
        [...result.grads, ...stats].map((g) => g.buffer as ArrayBuffer),
      )
      return
    }
    case 'eval': {
      applyPending(message)
      const count = message.labels.length
      // Tensors only out of the tidy (see 'step').
      const evaluated = tf.tidy(() => {
        const x = tf.tensor(message.x, [count, ...inputShape])
        const y = tf.tensor1d(message.labels, 'int32')
        const probs = model!.predict(x, { batchSize: 256 }) as tf.Tensor
        const predictions = tf.argMax(probs, -1)
        return { loss: loss(probs, y), correct: tf.sum(tf.cast(tf.equal(predictions, y), 'int32')), predictions }
      })
      const out = {
        lossSum: (evaluated.loss.dataSync()[0] as number) * count,
        correct: evaluated.correct.dataSync()[0] as number,
        predictions: Int32Array.from(evaluated.predictions.dataSync()),
      }
      tf.dispose([evaluated.loss, evaluated.correct, evaluated.predictions])
      send({ type: 'eval', ...out, count }, [out.predictions.buffer])
      return
    }
    case 'state': {
      applyPending(message)
      const weights = model!.weights.map((w) => cloneBuffer(w.read().dataSync()))
      const optimizerWeights = await saveOptimizer()
      send(
        { type: 'state', weights, optimizerWeights },
        [...weights, ...optimizerWeights].map((a) => a.buffer as ArrayBuffer),
      )
      return
    }
    case 'close':
      model?.dispose()
      optimizer?.dispose()
      port.close()
      return
  }
}

// Messages are handled strictly one after another: a step must never overlap the previous one.
let queue = Promise.resolve()
port.on('message', (message: ToWorker) => {
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error))
      send({ type: 'error', message: e.message, stack: e.stack })
    })
})
