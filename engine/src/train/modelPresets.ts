import * as tf from '@tensorflow/tfjs'

export interface PresetShape {
  /** [height, width, channels] of one sample. */
  inputShape: [number, number, number]
  numClasses: number
}

interface TwoConvSizes {
  kernel: number
  filters: [number, number]
  units: number
}

/**
 * conv kernel x kernel x filters[0], max-pool, conv 3x3 x filters[1], max-pool, dense units, softmax
 * (ReLU after each hidden layer, 'same' padding): the layers of most presets below. `inputShape`
 * only for the first layer of a sequential model.
 */
function twoConvLayers(
  numClasses: number,
  { kernel, filters, units }: TwoConvSizes,
  inputShape?: PresetShape['inputShape'],
): tf.layers.Layer[] {
  return [
    tf.layers.conv2d({
      ...(inputShape ? { inputShape } : {}),
      filters: filters[0],
      kernelSize: kernel,
      padding: 'same',
      activation: 'relu',
    }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: filters[1], kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units, activation: 'relu' }),
    tf.layers.dense({ units: numClasses, activation: 'softmax' }),
  ]
}

function twoConvNet({ inputShape, numClasses }: PresetShape, sizes: TwoConvSizes): tf.LayersModel {
  return tf.sequential({ layers: twoConvLayers(numClasses, sizes, inputShape) })
}

const MNIST_CNN: TwoConvSizes = { kernel: 5, filters: [16, 32], units: 128 }

/**
 * Built-in models, each a function of the data's shape. The topology is all that matters: the
 * runner initializes weights itself from the seed.
 */
export const modelPresets: Record<string, { description: string; build(shape: PresetShape): tf.LayersModel }> = {
  'mnist-cnn': {
    // Sized for CPUs (~1.4M multiply-adds per sample): a 5x5 first layer sees whole stroke
    // segments, which makes it less sensitive to pen width than 3x3 kernels.
    description: 'the sim2real CNN: conv 5x5x16, max-pool, conv 3x3x32, max-pool, dense 128, softmax',
    build: (shape) => twoConvNet(shape, MNIST_CNN),
  },
  'mnist-cnn-bn': {
    // The sim2real net with batch normalisation after every layer and twice the filters: a
    // normalised net carries features learned on synthetic strokes over to real ones better
    // than the plain one. No dropout: tfjs draws its masks unseeded, which would break the
    // runner's same-seed-same-bytes rule; no biases before BN (its beta is the bias).
    description: 'conv 5x5x32-BN-relu, max-pool, conv 3x3x64-BN-relu, max-pool, dense 128-BN-relu, softmax (~4.7M multiply-adds)',
    build: ({ inputShape, numClasses }) =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape, filters: 32, kernelSize: 5, padding: 'same', useBias: false }),
          tf.layers.batchNormalization({ momentum: 0.9 }),
          tf.layers.reLU(),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', useBias: false }),
          tf.layers.batchNormalization({ momentum: 0.9 }),
          tf.layers.reLU(),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 128, useBias: false }),
          tf.layers.batchNormalization({ momentum: 0.9 }),
          tf.layers.reLU(),
          tf.layers.dense({ units: numClasses, activation: 'softmax' }),
        ],
      }),
  },
  'mnist-cnn-wide': {
    // The sim2real CNN with twice the filters and a wider dense layer (~3.5x the multiply-adds): it
    // fits the synthetic stream better but reads about the same on real digits alone; its errors
    // differ from mnist-cnn-bn's, which is what an ensemble of the two gains from
    // (generators/digits/README.md).
    description: 'conv 5x5x32, max-pool, conv 3x3x64, max-pool, dense 256, softmax (~5.0M multiply-adds)',
    build: (shape) => twoConvNet(shape, { kernel: 5, filters: [32, 64], units: 256 }),
  },
  'mnist-cnn-x2': {
    // Two independently initialised mnist-cnn towers whose probabilities are averaged inside the
    // one model (built-in layers only, so plain tfjs still loads it): an ensemble's errors are
    // fewer than either member's, at twice the cost per sample.
    description: 'two mnist-cnn towers on the same input, their softmax outputs averaged',
    build: ({ inputShape, numClasses }) => {
      const input = tf.input({ shape: inputShape })
      const tower = () =>
        twoConvLayers(numClasses, MNIST_CNN).reduce<tf.SymbolicTensor>((x, layer) => layer.apply(x) as tf.SymbolicTensor, input)
      const output = tf.layers.average().apply([tower(), tower()]) as tf.SymbolicTensor
      return tf.model({ inputs: input, outputs: output })
    },
  },
  'small-cnn': {
    description: 'a quick CNN for experiments: conv 3x3x16, max-pool, conv 3x3x32, max-pool, dense 64, softmax',
    build: (shape) => twoConvNet(shape, { kernel: 3, filters: [16, 32], units: 64 }),
  },
  mlp: {
    description: 'a multilayer perceptron: dense 128, softmax',
    build: ({ inputShape, numClasses }) =>
      tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape }),
          tf.layers.dense({ units: 128, activation: 'relu' }),
          tf.layers.dense({ units: numClasses, activation: 'softmax' }),
        ],
      }),
  },
}
