import { bundleCid, checkManifest } from '@neuromation/engine/browser'
import type { GeneratorManifest } from '@neuromation/generator-sdk'

/** A generator bundle read in the browser and checked like the engine checks it. */
export type LoadedGenerator = {
  cid: string
  manifest: GeneratorManifest
  /** The module's text (what the re-check worker imports). */
  moduleSource: string
  /** generator.json and the module, byte for byte (what an upload sends). */
  files: Record<string, Uint8Array>
}

/** The bundle is not a valid generator; the message says what is wrong with it. */
export class GeneratorError extends Error {
  override name = 'GeneratorError'
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/**
 * Checks a bundle's files (generator.json + its module) as the engine's bundleFromFiles does:
 * the manifest's schema (checkManifest), the module present, its sha256 against the one
 * generator.json records, and the directory's CID (CIDv1, raw leaves, 256 KiB chunks) against
 * `expectedCid` when given. `origin` names the source in messages.
 */
export async function checkGenerator(
  files: Record<string, Uint8Array>,
  origin: string,
  expectedCid?: string,
): Promise<LoadedGenerator> {
  const manifestBytes = files['generator.json']
  if (!manifestBytes)
    throw new GeneratorError(`${origin} has no generator.json: choose a packed bundle folder (neuro-gen pack <dir>).`)
  let manifest: GeneratorManifest
  try {
    manifest = checkManifest(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)))
  } catch (error) {
    throw new GeneratorError(`${origin}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  const moduleName = manifest.module ?? 'generator.js'
  const moduleBytes = files[moduleName]
  if (!moduleBytes)
    throw new GeneratorError(`${origin} has no ${moduleName}: pack the generator with \`neuro-gen pack <dir>\` first.`)
  const sha256 = hex(await crypto.subtle.digest('SHA-256', moduleBytes as Uint8Array<ArrayBuffer>))
  if (manifest.moduleSha256 !== undefined && manifest.moduleSha256 !== sha256) {
    throw new GeneratorError(
      `${moduleName} in ${origin} has sha256 ${sha256}, but generator.json records ${manifest.moduleSha256}.`,
    )
  }
  const bundleFiles = { 'generator.json': manifestBytes, [moduleName]: moduleBytes }
  const cid = await bundleCid(bundleFiles)
  if (expectedCid !== undefined && expectedCid !== cid) {
    throw new GeneratorError(`${origin} has CID ${cid}, not ${expectedCid}: the bundle is not the one asked for.`)
  }
  let moduleSource: string
  try {
    moduleSource = new TextDecoder('utf-8', { fatal: true }).decode(moduleBytes)
  } catch {
    throw new GeneratorError(`${moduleName} in ${origin} is not UTF-8 text.`)
  }
  return { cid, manifest, moduleSource, files: bundleFiles }
}
