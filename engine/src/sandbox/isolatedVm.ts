// Where the sandbox gets isolated-vm. No one release builds on every Node the platform runs on:
// isolated-vm 5 builds on Node 20 and 22, 7 only on Node 24 and later. Both are optional
// dependencies (`isolated-vm` and the alias `isolated-vm-7`); npm keeps the one whose build
// succeeded on this Node and drops the other, so `npm install` works on all three. The part of its
// API the sandbox uses is declared here, so that type checks do not depend on which one was kept.
import { createRequire } from 'node:module'

export type IvmReference = {
  get(property: string, options: { reference: true }): Promise<IvmReference>
  apply(receiver: undefined, args: unknown[], options?: { timeout?: number }): Promise<unknown>
  applySync(receiver: undefined, args: unknown[], options?: { timeout?: number; result?: { copy: true } }): unknown
  derefInto(): unknown
}

export type IvmContext = {
  eval(code: string, options?: { timeout?: number; reference?: boolean }): Promise<unknown>
}

export type IvmModule = {
  instantiate(context: IvmContext, resolve: (specifier: string) => never): Promise<void>
  evaluate(options?: { timeout?: number }): Promise<unknown>
  readonly namespace: IvmReference
}

export type IvmIsolate = {
  createContext(): Promise<IvmContext>
  compileModule(code: string, options?: { filename?: string }): Promise<IvmModule>
  readonly isDisposed: boolean
  dispose(): void
}

export type IsolatedVm = { Isolate: new (options: { memoryLimit: number }) => IvmIsolate }

/** The packages to try, the one built for this Node first. */
export function isolatedVmCandidates(nodeVersion = process.versions.node): string[] {
  return Number(nodeVersion.split('.')[0]) >= 24 ? ['isolated-vm-7', 'isolated-vm'] : ['isolated-vm', 'isolated-vm-7']
}

/**
 * isolated-vm as built by `npm install` for this Node, resolved from `resolveFrom` (a file path).
 * Throws an Error that says what to do when neither release is there or loads.
 */
export function loadIsolatedVm(resolveFrom: string): IsolatedVm {
  const require = createRequire(resolveFrom)
  const failures: string[] = []
  for (const name of isolatedVmCandidates()) {
    try {
      return require(name) as IsolatedVm
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  throw new Error(
    `The generator sandbox needs isolated-vm, and none is built for Node ${process.version} (${failures.join('; ')}). ` +
      'npm install builds it from source with python3, make and g++ (isolated-vm 5 on Node 20 and 22, 7 on Node 24 and later): ' +
      'install those, then run `npm rebuild isolated-vm isolated-vm-7` and read its build errors.',
  )
}
