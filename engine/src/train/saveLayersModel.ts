import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'

// PROD silences tfjs's console banner about tfjs-node: the main thread only builds and saves
// models (the replicas train), so that advice does not apply.
tf.env().set('PROD', true)

// Writes through a temporary name and renames: a kill mid-write never leaves a half file under
// the real name (rename within a directory is atomic on POSIX).
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

/**
 * Saves a model in the standard tfjs layers format, `model.json` + one `weights.bin`, loadable by
 * `tf.loadLayersModel('file://.../model.json')` or over HTTP without any of this project's code.
 * The model is rebuilt from its topology and weights here (the trained copies live in workers).
 */
export async function saveLayersModel(
  dir: string,
  topology: object,
  weights: Float32Array[],
): Promise<{ modelPath: string; weightsPath: string; bytes: number }> {
  const model = await tf.models.modelFromJSON(topology as never)
  try {
    model.setWeights(model.weights.map((w, i) => tf.tensor(weights[i], w.shape as number[])))
    let bytes = 0
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const data = new Uint8Array(artifacts.weightData as ArrayBuffer)
        bytes = data.byteLength
        // Weights first: model.json appearing is the signal that the model is complete.
        await writeFileAtomic(join(dir, 'weights.bin'), data)
        const modelJson = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }
        await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(modelJson))
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes } }
      }),
    )
    return { modelPath: join(dir, 'model.json'), weightsPath: join(dir, 'weights.bin'), bytes }
  } finally {
    model.dispose()
  }
}
