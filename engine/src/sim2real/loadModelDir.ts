import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs'

/**
 * Loads a tfjs layers model from a directory the way any tfjs program would (model.json, then the
 * weight files its manifest names), through tfjs's public IOHandler interface only. Plain
 * `@tensorflow/tfjs` has no file:// loader in Node (tfjs-node adds one), hence this handler.
 */
export async function loadModelDir(modelJsonPath: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON
  const handler: tf.io.IOHandler = {
    load: async () => {
      const groups = json.weightsManifest ?? []
      const buffers = await Promise.all(groups.flatMap((g) => g.paths.map((p) => readFile(join(dirname(modelJsonPath), p)))))
      const data = Buffer.concat(buffers)
      return {
        modelTopology: json.modelTopology,
        weightSpecs: groups.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        format: json.format,
      }
    },
  }
  return tf.loadLayersModel(handler)
}
