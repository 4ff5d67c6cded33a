import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { SandboxError } from '../sandbox/SandboxError.ts'
import type { Bundle } from './Bundle.ts'
import { bundleCid } from './bundleCid.ts'
import { checkManifest } from './checkManifest.ts'

/** Source entry files looked for in a generator directory, in order. */
export const SOURCE_ENTRIES = ['src/generator.ts', 'src/generator.js', 'generator.ts', 'src/index.ts', 'index.ts']
const SDK = '@neuromation/generator-sdk'
// The SDK this engine runs with, so generators outside this repository (a user's own directory
// without node_modules) bundle the same SDK the sandbox's prelude uses.
const SDK_ENTRY = fileURLToPath(new URL('../../../generators/sdk/src/index.ts', import.meta.url))

// Generators may import only the SDK and their own files: anything else could smuggle in a
// dependency the sandbox cannot provide (node builtins, network clients).
const onlySdk: Plugin = {
  name: 'only-generator-sdk',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === SDK) return { path: SDK_ENTRY }
      if (args.importer.includes('/generators/sdk/')) return undefined
      return { errors: [{ text: `generators may import only ${SDK} and their own files, not "${args.path}"` }] }
    })
  },
}

/** The bytes of generator.json as packed: the manifest plus module name and hash, 2-space JSON. */
export function packedManifestBytes(manifest: Record<string, unknown>, moduleName: string, moduleSha256: string): Uint8Array {
  const { moduleSha256: _old, module: _module, ...rest } = manifest
  return new TextEncoder().encode(`${JSON.stringify({ ...rest, module: moduleName, moduleSha256 }, null, 2)}\n`)
}

/**
 * Packs a generator source directory (generator.json + src/generator.ts importing only the SDK)
 * into a bundle in memory: one self-contained ES module (source + SDK, bundled by esbuild) and a
 * generator.json carrying the module's sha256. With `outDir`, also writes both files there.
 */
export async function packGenerator(dir: string, options: { outDir?: string } = {}): Promise<Bundle> {
  const root = resolve(dir)
  const manifestPath = join(root, 'generator.json')
  if (!existsSync(manifestPath))
    throw new SandboxError(
      'BadBundle',
      `no generator.json in ${root}: a generator directory needs one (name, version, params, output)`,
    )
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>
  } catch (error) {
    throw new SandboxError('BadBundle', `generator.json is not valid JSON: ${(error as Error).message}`)
  }
  checkManifest(raw)
  const entry = SOURCE_ENTRIES.map((e) => join(root, e)).find((p) => existsSync(p))
  if (!entry) throw new SandboxError('BadBundle', `no generator source in ${root}: expected one of ${SOURCE_ENTRIES.join(', ')}`)
  let text: string
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
      alias: { [SDK]: SDK_ENTRY },
      plugins: [onlySdk],
    })
    text = result.outputFiles[0].text
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors
    const detail = errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('; ')
    throw new SandboxError('BadBundle', `the generator source does not build: ${detail ?? (error as Error).message}`, {
      cause: error,
    })
  }
  const moduleName = typeof raw.module === 'string' ? raw.module : 'generator.js'
  const moduleBytes = new TextEncoder().encode(text)
  const moduleSha256 = createHash('sha256').update(moduleBytes).digest('hex')
  const manifestBytes = packedManifestBytes(raw, moduleName, moduleSha256)
  const files = { 'generator.json': manifestBytes, [moduleName]: moduleBytes }
  const manifest = checkManifest(JSON.parse(new TextDecoder().decode(manifestBytes)))
  if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true })
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(options.outDir, name), bytes)
  }
  return { manifest, moduleSource: text, files, cid: await bundleCid(files), moduleSha256, origin: root }
}
