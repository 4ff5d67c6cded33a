import * as tf from '@tensorflow/tfjs'
import { loadModelDir } from './src/sim2real/loadModelDir.ts'
import { loadIdxSet, mnistFiles } from './src/train/loadIdxSet.ts'
const t = mnistFiles('train')
const v = await loadIdxSet(t.images, t.labels, { offset: 50000, count: 1000, step: 10 }, 'slice')
const x = tf.tensor4d(v.x, [1000, 28, 28, 1])
const shift = (dy: number, dx: number) => tf.tidy(() => {
  const p = x.pad([[0, 0], [Math.max(dy, 0), Math.max(-dy, 0)], [Math.max(dx, 0), Math.max(-dx, 0)], [0, 0]])
  return p.slice([0, Math.max(-dy, 0), Math.max(-dx, 0), 0], [1000, 28, 28, 1])
})
const dil = (a: tf.Tensor4D) => tf.maxPool(a, 2, 1, 'same')
const ero = (a: tf.Tensor4D) => tf.neg(tf.maxPool(tf.neg(a), 2, 1, 'same'))
const blend = (a: tf.Tensor4D, b: tf.Tensor4D, w: number) => a.mul(1 - w).add(b.mul(w)) as tf.Tensor4D
const sets: Record<string, () => tf.Tensor4D[]> = {
  none: () => [x],
  shifts4: () => [x, shift(1, 0), shift(-1, 0), shift(0, 1), shift(0, -1)],
  thick: () => [x, blend(x, dil(x), 0.5), blend(x, ero(x), 0.5)],
  thickplus: () => [x, blend(x, dil(x), 0.5)],
}
for (const path of ['/tmp/s2r-final-s6/model.json', '/tmp/s2r-m1/model.json']) {
  const m = await loadModelDir(path)
  const out: string[] = []
  for (const [name, make] of Object.entries(sets)) {
    const inputs = make()
    const p = tf.addN(inputs.map((i) => m.predict(i) as tf.Tensor)).div(inputs.length)
    const y = p.argMax(-1).dataSync(); let c = 0
    for (let i = 0; i < 1000; i++) if (y[i] === v.labels[i]) c++
    out.push(`${name} ${c / 10}`)
  }
  console.log(path, out.join(' | '))
}
