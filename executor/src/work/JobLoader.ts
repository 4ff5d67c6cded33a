import { type ContentErrorCode, type ContentStore, isContentError } from '@neuromation/content'
import { bundleFromFiles, checkManifest, createSandboxPool, type SandboxPool } from '@neuromation/engine'
import type { Logger } from '@neuromation/runtime'
import { type JobSpec, parseJobSpec } from '@neuromation/sdk'
import { ExecutorError } from '../ExecutorError'

// A spec is a small JSON document; a bundle is generator.json plus one self-contained module. These
// bounds stop a hostile job from making the node download gigabytes before anything runs.
const MAX_SPEC_BYTES = 64 * 1024
const MAX_MANIFEST_BYTES = 256 * 1024
const MAX_MODULE_BYTES = 32 * 1024 * 1024
// Answers about a CID's own (verified) content, or the CID itself, that no retry and no other node
// changes: the job's fault (its spec or bundle), so the work fails for good and is declined rather
// than retried until it lapses. Not reaching the content (ContentNotFound, NodeUnavailable), or a
// node serving other bytes (CidMismatch), is worth another try.
const CONTENT_FAULTS = new Set<ContentErrorCode>([
  'InvalidCid',
  'Unsupported',
  'PathNotFound',
  'NotAFile',
  'NotADirectory',
  'DirectoryTooLarge',
  'ContentTooLarge',
  'InvalidPath',
])
// Sandbox pools are costly to start (worker threads, isolates): keep the last few bundles warm.
const POOLS_KEPT = 2
// Parsed specs are small, but one is cached per job ever run, audited or verified: keep the most
// recently used ones (a long-running node would otherwise hold every job's spec).
export const SPECS_KEPT = 256

/** A job ready to run: its spec and a sandbox pool over its verified bundle. */
export type LoadedJob = { spec: JobSpec; pool: SandboxPool; unitsPerSample: number }

/**
 * Fetches job specs and generator bundles from the content store (by CID, with a timeout and a
 * size bound; the bundle's CID is checked again by the engine) and keeps sandbox pools per bundle.
 */
export class JobLoader {
  private readonly pools = new Map<string, Promise<SandboxPool>>()
  private readonly specs = new Map<string, JobSpec>()
  /** Bundle CID -> its generator.json's computeUnitsPerSample (see cost), as bounded as the specs. */
  private readonly unitsPerSample = new Map<string, number>()

  constructor(
    private readonly content: ContentStore,
    private readonly options: { workers: number; fetchTimeoutMs: number; logger: Logger },
  ) {}

  /** `timeoutMs`: a bound on the fetch below the configured one (a caller on the daemon's loop, see cost). */
  async spec(specCid: string, signal?: AbortSignal, timeoutMs = this.options.fetchTimeoutMs): Promise<JobSpec> {
    const cached = this.specs.get(specCid)
    if (cached) {
      // Most recently used last: the eviction below takes the least recently used first.
      this.specs.delete(specCid)
      this.specs.set(specCid, cached)
      return cached
    }
    let bytes: Uint8Array
    try {
      bytes = await this.content.get(specCid, { timeoutMs, maxBytes: MAX_SPEC_BYTES, signal })
    } catch (error) {
      if (isContentError(error) && CONTENT_FAULTS.has(error.code)) {
        throw new ExecutorError('BAD_SPEC', `The job spec ${specCid} is unusable: ${error.shortMessage}`, {
          cause: error,
          retryable: false,
        })
      }
      throw new ExecutorError('SPEC_FETCH', `Cannot fetch the job spec ${specCid}`, { cause: error, retryable: true })
    }
    let spec: JobSpec
    try {
      spec = parseJobSpec(bytes, specCid)
    } catch (error) {
      throw new ExecutorError('BAD_SPEC', (error as Error).message, { cause: error, retryable: false })
    }
    this.specs.set(specCid, spec)
    while (this.specs.size > SPECS_KEPT) this.specs.delete(this.specs.keys().next().value as string)
    return spec
  }

  async load(specCid: string, signal?: AbortSignal): Promise<LoadedJob> {
    const spec = await this.spec(specCid, signal)
    const pool = await this.pool(spec.generator, signal)
    return { spec, pool, unitsPerSample: pool.bundle.manifest.computeUnitsPerSample }
  }

  /**
   * A job's spec and its generator's compute units per sample, for deciding whether to take it
   * (checkUnitsPerTask), without starting a sandbox pool: that is costly, and a new one would evict
   * (and close) a pool the running work may be using. Reads the bundle's generator.json alone (the
   * content store verifies its bytes against the bundle's CID) and checks it as the engine does
   * when it loads the bundle. `timeoutMs` bounds each fetch: the daemon's loop waits for it.
   */
  async cost(
    specCid: string,
    { timeoutMs, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<{ spec: JobSpec; unitsPerSample: number }> {
    const spec = await this.spec(specCid, signal, timeoutMs)
    let unitsPerSample = this.unitsPerSample.get(spec.generator)
    if (unitsPerSample === undefined) {
      const bytes = await this.bundleFile(spec.generator, 'generator.json', MAX_MANIFEST_BYTES, signal, timeoutMs)
      try {
        unitsPerSample = checkManifest(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))).computeUnitsPerSample
      } catch (error) {
        throw new ExecutorError(
          'BAD_BUNDLE',
          `The generator bundle ${spec.generator} has no usable generator.json: ${(error as Error).message}`,
          {
            cause: error,
            retryable: false,
          },
        )
      }
      this.unitsPerSample.set(spec.generator, unitsPerSample)
      while (this.unitsPerSample.size > SPECS_KEPT) this.unitsPerSample.delete(this.unitsPerSample.keys().next().value as string)
    }
    return { spec, unitsPerSample }
  }

  private pool(bundleCid: string, signal?: AbortSignal): Promise<SandboxPool> {
    let pool = this.pools.get(bundleCid)
    if (!pool) {
      pool = this.open(bundleCid, signal)
      this.pools.set(bundleCid, pool)
      pool.catch(() => this.pools.delete(bundleCid))
      while (this.pools.size > POOLS_KEPT) {
        const [oldest, evicted] = this.pools.entries().next().value as [string, Promise<SandboxPool>]
        this.pools.delete(oldest)
        void evicted.then((p) => p.close()).catch(() => {})
      }
    }
    return pool
  }

  /** One file of a generator bundle, its failure classified (the bundle's fault, or not reached). */
  private async bundleFile(
    bundleCid: string,
    path: string,
    maxBytes: number,
    signal?: AbortSignal,
    timeoutMs = this.options.fetchTimeoutMs,
  ): Promise<Uint8Array> {
    try {
      return await this.content.getFile(bundleCid, path, { timeoutMs, maxBytes, signal })
    } catch (error) {
      // The directory's blocks are verified against its CID, so what it holds (or lacks) is the
      // bundle's own: a manifest naming a file the bundle does not have, a directory, or one over
      // the bound fails the same way on every try and every node.
      if (isContentError(error) && CONTENT_FAULTS.has(error.code)) {
        throw new ExecutorError('BAD_BUNDLE', `The generator bundle ${bundleCid} has no usable ${path}: ${error.shortMessage}`, {
          cause: error,
          retryable: false,
        })
      }
      throw new ExecutorError('BUNDLE_FETCH', `Cannot fetch ${path} of the generator bundle ${bundleCid}`, {
        cause: error,
        retryable: true,
      })
    }
  }

  private async open(bundleCid: string, signal?: AbortSignal): Promise<SandboxPool> {
    const get = (path: string, maxBytes: number) => this.bundleFile(bundleCid, path, maxBytes, signal)
    const manifestBytes = await get('generator.json', MAX_MANIFEST_BYTES)
    let moduleName = 'generator.js'
    try {
      const raw = JSON.parse(new TextDecoder().decode(manifestBytes)) as { module?: unknown }
      if (typeof raw.module === 'string') moduleName = raw.module
    } catch {
      // bundleFromFiles reports the JSON problem.
    }
    if (!/^[\w.-]+$/.test(moduleName)) {
      throw new ExecutorError('BAD_BUNDLE', `The bundle ${bundleCid} names an invalid module "${moduleName}"`)
    }
    const files: Record<string, Uint8Array> = {
      'generator.json': manifestBytes,
      [moduleName]: await get(moduleName, MAX_MODULE_BYTES),
    }
    // The engine recomputes the directory CID from the bytes: a store that served other bytes fails here.
    const bundle = await bundleFromFiles(files, `bundle ${bundleCid}`, { cid: bundleCid })
    this.options.logger.info({
      msg: 'bundle verified',
      cid: bundleCid,
      generator: bundle.manifest.name,
      version: bundle.manifest.version,
    })
    return createSandboxPool({ bundle, workers: this.options.workers })
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map((p) => p.then((pool) => pool.close()).catch(() => {})))
  }
}
