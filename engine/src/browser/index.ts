// @neuromation/engine/browser: the part of the engine that runs in a browser, for the dApp's
// "re-check sample": the generator driver a Web Worker evaluates (the same source the Node
// sandbox runs in isolated-vm) and the deterministic PNG and tar writers, so bytes made in a page
// can be compared with an executor's shard. Nothing here imports Node built-ins.

export { bundleCid } from '../bundle/bundleCid.ts'
export { checkManifest } from '../bundle/checkManifest.ts'
export { isolateDriverSource } from '../sandbox/isolateDriverSource.ts'
export { SandboxError, type SandboxErrorCode } from '../sandbox/SandboxError.ts'
export { encodePng, type PngPixels } from '../shards/encodePng.ts'
export { sampleKey } from '../shards/shardEntries.ts'
export { type TarEntry, writeTar } from '../shards/writeTar.ts'
