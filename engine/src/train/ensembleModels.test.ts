import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadModelDir } from '../sim2real/loadModelDir.ts'
import { ensembleModels } from './ensembleModels.ts'
import { saveLayersModel } from './saveLayersModel.ts'

const dir = await mkdtemp(join(tmpdir(), 'ensemble-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

const seeded = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) })

/** A sequential member, as the presets build them. */
const sequential = (seed: number) =>
  tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', ...seeded(seed) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', ...seeded(seed + 1) }),
    ],
  })

/** A functional member with two branches joined (a DAG, not a chain). */
function functional(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 1] })
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor
  const a = tf.layers.dense({ units: 5, activation: 'relu', ...seeded(seed) }).apply(flat) as tf.SymbolicTensor
  const b = tf.layers.dense({ units: 5, activation: 'tanh', ...seeded(seed + 1) }).apply(flat) as tf.SymbolicTensor
  const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor
  const out = tf.layers.dense({ units: 3, activation: 'softmax', ...seeded(seed + 2) }).apply(joined) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: out })
}

describe('ensembleModels', () => {
  it('averages its members probabilities in one flat model that plain tfjs loads back', async () => {
    const members = [sequential(1), functional(10), sequential(20)]
    const x = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 7)
    const expected = tf.tidy(() => tf.addN(members.map((m) => m.predict(x) as tf.Tensor)).div(members.length))
    const ensemble = ensembleModels(members)
    expect(ensemble.countParams()).toBe(members.reduce((sum, m) => sum + m.countParams(), 0))
    // Flat: no member is nested as a layer, and every weight name is distinct.
    expect(ensemble.layers.every((l) => !(l instanceof tf.LayersModel))).toBe(true)
    const names = ensemble.weights.map((w) => w.originalName)
    expect(new Set(names).size).toBe(names.length)
    const direct = ensemble.predict(x) as tf.Tensor
    expect(tf.max(tf.abs(tf.sub(direct, expected))).dataSync()[0]).toBeLessThan(1e-6)

    await saveLayersModel(
      dir,
      ensemble.toJSON(null, false) as object,
      ensemble.getWeights().map((w) => w.dataSync() as Float32Array),
    )
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'))
    expect(json.modelTopology.class_name).toBe('Model')
    const loaded = await loadModelDir(join(dir, 'model.json'))
    const reloaded = loaded.predict(x) as tf.Tensor
    expect(tf.max(tf.abs(tf.sub(reloaded, expected))).dataSync()[0]).toBeLessThan(1e-6)
    // The members are untouched (their weights were copied, not moved).
    expect(tf.max(tf.abs(tf.sub(members[0].predict(x) as tf.Tensor, sequential(1).predict(x) as tf.Tensor))).dataSync()[0]).toBe(
      0,
    )
  })

  it('refuses fewer than two members and members of different shapes, saying which', () => {
    expect(() => ensembleModels([sequential(1)])).toThrow('an ensemble needs at least 2 members, got 1')
    const wider = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 4, activation: 'softmax' })],
    })
    expect(() => ensembleModels([sequential(1), wider])).toThrow(/differ in input or output shape: .*4.* vs .*3/)
  })

  it('refuses a member with a shared layer (called twice) instead of copying it wrongly', () => {
    const input = tf.input({ shape: [8, 8, 1] })
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor
    const shared = tf.layers.dense({ units: 3, activation: 'softmax' })
    const twice = tf.layers.average().apply([shared.apply(flat), shared.apply(flat)] as tf.SymbolicTensor[])
    const member = tf.model({ inputs: input, outputs: twice as tf.SymbolicTensor })
    expect(() => ensembleModels([sequential(1), member])).toThrow(/is called 2 times/)
  })
})
