import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveModel } from './resolveModel.ts'

const shape = { inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 }
const layerNames = (topology: object) =>
  (topology as { config: { layers: { config: { name: string } }[] } }).config.layers.map((l) => l.config.name)

describe('resolveModel', () => {
  it('gives a preset the same topology however many models the process built before', async () => {
    // tfjs numbers layer names process-wide; an ensemble builds one model per member, and a
    // different topology would make each later member's checkpoint look like another run's.
    const first = await resolveModel('mnist-cnn', shape, 0)
    tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 }), tf.layers.dense({ units: 2 })] }).dispose()
    const second = await resolveModel('mnist-cnn', shape, 0)
    expect(second.topology).toEqual(first.topology)
    expect(layerNames(first.topology)).toEqual([
      'conv2d_Conv2D1',
      'max_pooling2d_MaxPooling2D1',
      'conv2d_Conv2D2',
      'max_pooling2d_MaxPooling2D2',
      'flatten_Flatten1',
      'dense_Dense1',
      'dense_Dense2',
    ])
    expect(second.weights).toEqual(first.weights)
  })

  it('renumbers a functional preset consistently (inbound nodes and outputs follow the names)', async () => {
    const a = await resolveModel('mnist-cnn-x2', shape, 3)
    const b = await resolveModel('mnist-cnn-x2', shape, 3)
    expect(b.topology).toEqual(a.topology)
    const names = layerNames(a.topology)
    expect(names).toContain('conv2d_Conv2D1')
    expect(names).toContain('conv2d_Conv2D4')
    expect(names).not.toContain('conv2d_Conv2D5')
    // The renamed topology still builds, with the same weights shapes.
    const model = await tf.models.modelFromJSON(a.topology as never)
    expect(model.weights.map((w) => w.shape.reduce((x, y) => (x ?? 1) * (y ?? 1), 1))).toEqual(a.weights.map((w) => w.length))
    model.dispose()
  })
})
