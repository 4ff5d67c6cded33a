// @neuromation/engine: the package entry point.
export type { Bundle } from './bundle/Bundle.ts'
export { bundleCid } from './bundle/bundleCid.ts'
export { checkManifest } from './bundle/checkManifest.ts'
export { bundleFromFiles, type LoadBundleOptions, loadBundle } from './bundle/loadBundle.ts'
export { packGenerator } from './bundle/packGenerator.ts'
export {
  createSandboxPool,
  type GenerateRequest,
  type SandboxPool,
  type SandboxPoolOptions,
} from './sandbox/createSandboxPool.ts'
export type { GeneratedSample, RawRaster } from './sandbox/GeneratedSample.ts'
export { SandboxError, type SandboxErrorCode } from './sandbox/SandboxError.ts'
export { DEFAULT_LIMITS, resolveLimits, type SandboxLimits } from './sandbox/SandboxLimits.ts'
export { encodePng, type PngPixels } from './shards/encodePng.ts'
export { MANIFEST_FILE, type ShardInfo, type ShardManifest } from './shards/ShardManifest.ts'
export { sampleKey, shardEntries } from './shards/shardEntries.ts'
export { type ShardCheck, verifyShards } from './shards/verifyShards.ts'
export { shardFileName, type WriteShardsOptions, writeShards } from './shards/writeShards.ts'
export { type TarEntry, writeTar } from './shards/writeTar.ts'
export type { Batch, BatchSource, StreamInfo } from './train/BatchSource.ts'
export { type AugmentOptions, createAugmentedSource } from './train/createAugmentedSource.ts'
export { createGeneratorSource, type GeneratorSourceOptions } from './train/createGeneratorSource.ts'
export { BACKEND_ORDER, type BackendName, type LoadedBackend, loadBackend } from './train/loadBackend.ts'
export { loadIdxSet, mnistFiles } from './train/loadIdxSet.ts'
export { modelPresets } from './train/modelPresets.ts'
export { ReplicaSet, type ReplicaSetOptions } from './train/ReplicaSet.ts'
export { registerWasmTrainingKernels } from './train/registerWasmTrainingKernels.ts'
export { type ResolvedModel, resolveModel } from './train/resolveModel.ts'
export { saveLayersModel } from './train/saveLayersModel.ts'
export { TrainError } from './train/TrainError.ts'
export type { EpochMetrics, TrainMetrics } from './train/TrainMetrics.ts'
// Training (streaming, data-parallel, checkpointed) on a generator's samples.
export { type LabelledSet, type TrainEvent, type TrainOptions, type TrainResult, train } from './train/train.ts'
