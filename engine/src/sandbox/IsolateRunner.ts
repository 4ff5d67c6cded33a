import type { GeneratedSample } from './GeneratedSample.ts'
import { isolateDriverSource } from './isolateDriverSource.ts'
import type { IsolatedVm, IvmIsolate, IvmModule, IvmReference } from './isolatedVm.ts'
import { SandboxError, type SandboxErrorCode } from './SandboxError.ts'
import type { SandboxLimits } from './SandboxLimits.ts'

const CODES = new Set<SandboxErrorCode>(['Forbidden', 'BadBundle', 'BadOutput', 'OutputTooLarge'])

/** Maps an error thrown across the isolate boundary to a SandboxError. */
export function classifyIsolateError(error: unknown, phase: 'load' | 'sample', index?: number): SandboxError {
  const message = error instanceof Error ? error.message : String(error)
  const tagged = /^\[neuro:(\w+)\] ([\s\S]*)$/.exec(message)
  if (tagged && CODES.has(tagged[1] as SandboxErrorCode))
    return new SandboxError(tagged[1] as SandboxErrorCode, tagged[2], { index })
  if (/timed out/i.test(message)) {
    return new SandboxError(
      'TimeLimit',
      phase === 'load' ? 'loading the module took too long' : 'generate() did not finish within the time limit',
      { index, cause: error },
    )
  }
  if (/memory limit|disposed|allocation failed/i.test(message)) {
    return new SandboxError('MemoryLimit', 'the isolate ran out of its memory limit', { index, cause: error })
  }
  if (phase === 'load') return new SandboxError('BadBundle', `the module failed to load: ${message}`, { cause: error })
  return new SandboxError('GeneratorError', `generate() threw: ${message}`, { index, cause: error })
}

/**
 * One isolate running one bundle: evaluates the SDK prelude, the driver and the bundle's
 * module, then runs samples synchronously. After a time or memory failure the isolate is
 * discarded and rebuilt, so the next sample starts clean.
 */
export class IsolateRunner {
  private isolate: IvmIsolate | undefined
  private runRef: IvmReference | undefined

  constructor(
    private readonly ivm: IsolatedVm,
    private readonly moduleSource: string,
    private readonly preludeSource: string,
    private readonly limits: SandboxLimits,
  ) {}

  /** Loads the bundle; throws a SandboxError (BadBundle, Forbidden, TimeLimit, MemoryLimit). */
  async load(): Promise<void> {
    this.dispose()
    const { ivm, limits } = this
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb })
    this.isolate = isolate
    try {
      const context = await isolate.createContext()
      await context.eval(this.preludeSource, { timeout: limits.loadTimeoutMs })
      const driver = (await context.eval(isolateDriverSource, {
        timeout: limits.loadTimeoutMs,
        reference: true,
      })) as IvmReference
      const setGenerate = await driver.get('setGenerate', { reference: true })
      this.runRef = await driver.get('run', { reference: true })
      let module: IvmModule
      try {
        module = await isolate.compileModule(this.moduleSource, { filename: 'file:///bundle/generator.js' })
      } catch (error) {
        throw new SandboxError('BadBundle', `the module does not compile: ${(error as Error).message}`, { cause: error })
      }
      await module.instantiate(context, (specifier) => {
        throw new Error(
          `[neuro:BadBundle] the module imports "${specifier}": a bundle must be one self-contained module (pack it with \`neuro-gen pack\`)`,
        )
      })
      await module.evaluate({ timeout: limits.loadTimeoutMs })
      const namespace = module.namespace
      const generateRef = await namespace.get('default', { reference: true })
      await setGenerate.apply(undefined, [generateRef.derefInto()], { timeout: limits.loadTimeoutMs })
    } catch (error) {
      this.dispose()
      if (error instanceof SandboxError) throw error
      throw classifyIsolateError(error, 'load')
    }
  }

  /** Runs one sample; throws a SandboxError for any failure. */
  async run(seed: number, index: number, paramsJson: string): Promise<GeneratedSample> {
    if (!this.runRef || !this.isolate || this.isolate.isDisposed) await this.load()
    try {
      const result = this.runRef!.applySync(undefined, [seed, index, paramsJson, this.limits.maxOutputBytes], {
        timeout: this.limits.sampleTimeoutMs,
        result: { copy: true },
      }) as Omit<GeneratedSample, 'index'>
      return { index, ...result }
    } catch (error) {
      const classified = classifyIsolateError(error, 'sample', index)
      // A timed-out or memory-killed isolate may hold half-updated state: start over.
      if (classified.code === 'TimeLimit' || classified.code === 'MemoryLimit' || this.isolate?.isDisposed) this.dispose()
      throw classified
    }
  }

  dispose(): void {
    this.runRef = undefined
    if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose()
    this.isolate = undefined
  }
}
