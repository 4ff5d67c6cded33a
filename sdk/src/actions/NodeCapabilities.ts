/** INodeRegistry.Capabilities: what a node measured and declares about itself. */
export type NodeCapabilities = {
  /** Benchmark-measured throughput in the market's compute units per second (> 0). */
  computeUnitsPerSecond: bigint
  /** 0 = CPU, 1 = GPU, 2 = other accelerator. */
  accelerator: number
  /** 0 = cpu, 1 = wasm, 2 = tfjs-node, 3 = tfjs-node-gpu, 4 = webgpu. */
  backend: number
  memoryMiB: number
  bandwidthMbps: number
  storageGiB: number
}
