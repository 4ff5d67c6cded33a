import * as tf from '@tensorflow/tfjs'
import { registerWasmTrainingKernels } from './registerWasmTrainingKernels.ts'
import { TrainError } from './TrainError.ts'

/** The compute backends the runner knows, fastest first. */
export const BACKEND_ORDER = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKEND_ORDER)[number]

export interface LoadedBackend {
  /** Which backend trains. */
  name: BackendName
  /** Why each faster backend was skipped (package missing, no GPU adapter, ...). */
  skipped: { name: BackendName; reason: string }[]
}

// Optional packages are imported by a computed name so that bundlers and type checks do not
// require them: on a machine without them the import fails and the next backend is tried.
async function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name)
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/Cannot find (package|module)/.test(message)) return 'package not installed'
  return message.split('\n')[0].slice(0, 200)
}

async function tryBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      // tfjs-node-gpu registers itself as 'tensorflow' and runs on CUDA.
      await importOptional('@tensorflow/tfjs-node-gpu')
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node-gpu loaded but its backend did not start')
      return
    case 'tensorflow':
      await importOptional('@tensorflow/tfjs-node')
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not start')
      return
    case 'webgpu': {
      // Node has no navigator.gpu: the `webgpu` package (Dawn) provides one when a driver exists.
      const dawn = (await importOptional('webgpu')) as { create(flags: string[]): unknown; globals: object }
      Object.assign(globalThis, dawn.globals)
      const gpu = dawn.create([]) as { requestAdapter(): Promise<unknown> }
      const adapter = await gpu.requestAdapter()
      if (!adapter) throw new Error('no GPU adapter (no Vulkan/Metal driver)')
      Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true })
      await importOptional('@tensorflow/tfjs-backend-webgpu')
      if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu did not start')
      return
    }
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm')
      registerWasmTrainingKernels()
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start')
      return
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not start')
      return
  }
}

/**
 * Starts the fastest backend present, or exactly `only` when given. The wasm backend gets the
 * training kernels it lacks or runs slowly; the cpu backend works everywhere but is ~200x slower for CNNs.
 */
export async function loadBackend(only?: BackendName): Promise<LoadedBackend> {
  if (only !== undefined && !BACKEND_ORDER.includes(only)) {
    throw new TrainError(`unknown backend "${String(only)}"`, { details: `choose one of ${BACKEND_ORDER.join(', ')}` })
  }
  const skipped: LoadedBackend['skipped'] = []
  for (const name of only ? [only] : BACKEND_ORDER) {
    try {
      await tryBackend(name)
      await tf.ready()
      return { name, skipped }
    } catch (error) {
      skipped.push({ name, reason: reasonOf(error) })
    }
  }
  const tried = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')
  throw new TrainError('no TensorFlow.js backend could start', { details: tried })
}
