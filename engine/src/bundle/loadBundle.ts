import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SandboxError } from '../sandbox/SandboxError.ts'
import type { Bundle } from './Bundle.ts'
import { bundleCid } from './bundleCid.ts'
import { checkManifest } from './checkManifest.ts'
import { packGenerator, SOURCE_ENTRIES } from './packGenerator.ts'

export interface LoadBundleOptions {
  /** Expected CID of the bundle directory: a mismatch throws CidMismatch. */
  cid?: string
  /** Expected sha256 (hex) of the module: a mismatch throws CidMismatch. */
  sha256?: string
}

/** Verifies in-memory bundle files and returns the Bundle; used for directories and fetched CIDs. */
export async function bundleFromFiles(
  files: Record<string, Uint8Array>,
  origin: string,
  expect: LoadBundleOptions = {},
): Promise<Bundle> {
  const manifestBytes = files['generator.json']
  if (!manifestBytes) throw new SandboxError('BadBundle', `no generator.json in ${origin}`)
  let raw: unknown
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes))
  } catch (error) {
    throw new SandboxError('BadBundle', `generator.json in ${origin} is not valid JSON: ${(error as Error).message}`)
  }
  const manifest = checkManifest(raw)
  const moduleName = manifest.module ?? 'generator.js'
  const moduleBytes = files[moduleName]
  if (!moduleBytes)
    throw new SandboxError('BadBundle', `no ${moduleName} in ${origin}: pack the generator with \`neuro-gen pack <dir>\``)
  const cid = await bundleCid({ 'generator.json': manifestBytes, [moduleName]: moduleBytes })
  const moduleSha256 = createHash('sha256').update(moduleBytes).digest('hex')
  if (expect.cid !== undefined && expect.cid !== cid) {
    throw new SandboxError('CidMismatch', `the bundle in ${origin} has CID ${cid}, expected ${expect.cid}`)
  }
  if (expect.sha256 !== undefined && expect.sha256.toLowerCase() !== moduleSha256) {
    throw new SandboxError('CidMismatch', `${moduleName} in ${origin} has sha256 ${moduleSha256}, expected ${expect.sha256}`)
  }
  if (manifest.moduleSha256 !== undefined && manifest.moduleSha256 !== moduleSha256) {
    throw new SandboxError(
      'CidMismatch',
      `${moduleName} in ${origin} has sha256 ${moduleSha256} but generator.json records ${manifest.moduleSha256}`,
    )
  }
  let moduleSource: string
  try {
    moduleSource = new TextDecoder('utf-8', { fatal: true }).decode(moduleBytes)
  } catch {
    throw new SandboxError('BadBundle', `${moduleName} in ${origin} is not UTF-8 text`)
  }
  return {
    manifest,
    moduleSource,
    files: { 'generator.json': manifestBytes, [moduleName]: moduleBytes },
    cid,
    moduleSha256,
    origin,
  }
}

/**
 * Loads a generator for running: a packed bundle directory (generator.json + its module), or a
 * generator source directory (generator.json + src/generator.ts), which is packed in memory.
 * Verifies the bytes against `cid` / `sha256` when given, and against the module hash recorded
 * in generator.json.
 */
export async function loadBundle(path: string, expect: LoadBundleOptions = {}): Promise<Bundle> {
  const dir = resolve(path)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SandboxError('BadBundle', `${dir} is not a directory: give a generator or bundle directory (with generator.json)`)
  }
  const manifestPath = join(dir, 'generator.json')
  if (!existsSync(manifestPath)) throw new SandboxError('BadBundle', `no generator.json in ${dir}`)
  let moduleName = 'generator.js'
  try {
    const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { module?: unknown }
    if (typeof raw.module === 'string') moduleName = raw.module
  } catch {
    // bundleFromFiles reports the JSON error with its position.
  }
  const modulePath = join(dir, moduleName)
  if (!existsSync(modulePath) && SOURCE_ENTRIES.some((e) => existsSync(join(dir, e)))) {
    const bundle = await packGenerator(dir)
    return bundleFromFiles(bundle.files, dir, expect)
  }
  const files: Record<string, Uint8Array> = { 'generator.json': new Uint8Array(readFileSync(manifestPath)) }
  if (existsSync(modulePath)) files[moduleName] = new Uint8Array(readFileSync(modulePath))
  return bundleFromFiles(files, dir, expect)
}
