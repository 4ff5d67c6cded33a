import * as tf from '@tensorflow/tfjs'
import { TrainError } from './TrainError.ts'

/** A built-in layer class and its factory, as tfjs's serialization registry holds them. */
type LayerClass = [tf.serialization.SerializableConstructor<tf.layers.Layer>, tf.serialization.FromConfigMethod<tf.layers.Layer>]

function layerClass(className: string): LayerClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className] as unknown as LayerClass | undefined
  if (!entry)
    throw new TrainError(`cannot ensemble a model with a layer of class ${className}`, {
      details: 'only tfjs built-in layers can be copied',
    })
  return entry
}

/**
 * One model that averages the class probabilities of several trained models of the same input and
 * output shape: every member's layers are copied (renamed `m<k>_...`, weights included) into a
 * single functional model whose last layer is a built-in `Average`. Flat, not nested: plain tfjs
 * (or Keras) loads it like any layers model, and weight names cannot collide between members.
 * Members may be sequential or functional, but no layer may be called more than once (shared
 * layers are not copied).
 */
export function ensembleModels(members: tf.LayersModel[]): tf.LayersModel {
  if (members.length < 2) throw new TrainError(`an ensemble needs at least 2 members, got ${members.length}`)
  const shapeOf = (m: tf.LayersModel) => {
    if (m.inputs.length !== 1 || m.outputs.length !== 1)
      throw new TrainError(
        `cannot ensemble ${m.name}: it has ${m.inputs.length} inputs and ${m.outputs.length} outputs (1 and 1 needed)`,
      )
    return JSON.stringify([m.inputs[0].shape, m.outputs[0].shape])
  }
  const shape = shapeOf(members[0])
  for (const m of members)
    if (shapeOf(m) !== shape) throw new TrainError(`ensemble members differ in input or output shape: ${shapeOf(m)} vs ${shape}`)

  const input = tf.input({ shape: members[0].inputs[0].shape.slice(1) as number[], name: 'input' })
  const copies: [tf.layers.Layer, tf.layers.Layer][] = []
  const outputs = members.map((member, k) => {
    const outputOf = new Map<tf.layers.Layer, tf.SymbolicTensor>()
    for (const layer of member.layers) {
      if (layer.getClassName() === 'InputLayer') {
        outputOf.set(layer, input)
        continue
      }
      if (layer.inboundNodes.length !== 1)
        throw new TrainError(`cannot ensemble ${member.name}: layer ${layer.name} is called ${layer.inboundNodes.length} times`)
      const inbound = layer.inboundNodes[0].inboundLayers.map((l) => {
        const tensor = outputOf.get(l) ?? (l.getClassName() === 'InputLayer' ? input : undefined)
        if (!tensor)
          throw new TrainError(`cannot ensemble ${member.name}: layer ${layer.name} reads ${l.name} before it is built`)
        return tensor
      })
      const [cls, fromConfig] = layerClass(layer.getClassName())
      // A sequential model's first layer carries its input shape; here the shared input does.
      const { batchInputShape: _b, inputShape: _i, ...config } = layer.getConfig()
      const copy = fromConfig(cls, { ...config, name: `m${k}_${layer.name}` })
      outputOf.set(layer, copy.apply(inbound.length === 1 ? inbound[0] : inbound) as tf.SymbolicTensor)
      copies.push([layer, copy])
    }
    const last = member.outputs[0].sourceLayer as tf.layers.Layer
    const out = outputOf.get(last)
    if (!out) throw new TrainError(`cannot ensemble ${member.name}: its output layer ${last.name} was not reached`)
    return out
  })
  const average = tf.layers.average({ name: 'ensemble_average' }).apply(outputs) as tf.SymbolicTensor
  const model = tf.model({ inputs: input, outputs: average, name: `ensemble_of_${members.length}` })
  for (const [from, to] of copies) to.setWeights(from.getWeights())
  return model
}
