import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export interface SandboxSources {
  /** ES module source of the worker thread entry (isolated-vm resolved at run time). */
  worker: string
  /** Classic script that sets globalThis.__neuroSdk = { createRng, detMath } in an isolate. */
  prelude: string
}

let cached: Promise<SandboxSources> | undefined

async function bundle(entry: string, format: 'esm' | 'iife', platform: 'node' | 'neutral'): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format,
    platform,
    target: 'es2022',
    external: ['isolated-vm', 'isolated-vm-7'],
    logLevel: 'silent',
    // The host's SDK version defines the rng stream: no minify, so stack traces stay readable.
    minify: false,
  })
  return result.outputFiles[0].text
}

/**
 * Builds (once per process, in memory, nothing written to disk) the worker entry and the SDK
 * prelude that every isolate evaluates before a bundle.
 */
export function buildSandboxSources(): Promise<SandboxSources> {
  cached ??= Promise.all([bundle('./sandboxWorker.ts', 'esm', 'node'), bundle('./sandboxPrelude.ts', 'iife', 'neutral')]).then(
    ([worker, prelude]) => ({ worker, prelude }),
    (error: unknown) => {
      cached = undefined
      throw error
    },
  )
  return cached
}
