// Entry of a sandbox worker thread: one isolate running one bundle. Built by esbuild into a
// data: URL at pool start (see buildWorkerSource.ts), so it runs the same under node, tsx and
// vitest without a TypeScript loader in the worker.
import { parentPort, workerData } from 'node:worker_threads'
import { shardEntries } from '../shards/shardEntries.ts'
import type { GeneratedSample } from './GeneratedSample.ts'
import { IsolateRunner } from './IsolateRunner.ts'
import { loadIsolatedVm } from './isolatedVm.ts'
import { SandboxError } from './SandboxError.ts'
import type { CloseRequest, RunRequest, WorkerInit, WorkerReply } from './WorkerMessages.ts'

const init = workerData as WorkerInit
const ivm = loadIsolatedVm(init.resolveFrom)
const runner = new IsolateRunner(ivm, init.moduleSource, init.preludeSource, init.limits)
const port = parentPort!

function sameBytes(a: GeneratedSample, b: GeneratedSample): boolean {
  const eq = (x: Uint8Array | Uint16Array, y: Uint8Array | Uint16Array): boolean =>
    x.constructor === y.constructor &&
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))
  if (a.label !== b.label || !eq(a.image.data, b.image.data) || a.planes.length !== b.planes.length) return false
  return a.planes.every(([name, p], i) => name === b.planes[i][0] && eq(p.data, b.planes[i][1].data))
}

function reply(message: WorkerReply, samples: GeneratedSample[] = []): void {
  const transfer = new Set<ArrayBuffer>()
  for (const s of samples) {
    transfer.add(s.image.data.buffer as ArrayBuffer)
    for (const [, p] of s.planes) transfer.add(p.data.buffer as ArrayBuffer)
    for (const f of s.files ?? []) transfer.add(f.data.buffer as ArrayBuffer)
  }
  port.postMessage(message, [...transfer])
}

async function handle(request: RunRequest): Promise<void> {
  const samples: GeneratedSample[] = []
  const verify = new Set(request.verify)
  try {
    for (let index = request.start; index < request.start + request.count; index++) {
      const sample = await runner.run(request.seed, index, request.paramsJson)
      if (verify.has(index)) {
        const again = await runner.run(request.seed, index, request.paramsJson)
        if (!sameBytes(sample, again)) {
          throw new SandboxError('Nondeterministic', 'two runs of the same index gave different bytes', { index })
        }
      }
      if (request.encode) sample.files = shardEntries(sample)
      samples.push(sample)
    }
    reply({ type: 'done', id: request.id, samples }, samples)
  } catch (error) {
    const e = error instanceof SandboxError ? error : new SandboxError('GeneratorError', String(error))
    reply({ type: 'done', id: request.id, samples, error: e.toJSON() }, samples)
  }
}

try {
  await runner.load()
  reply({ type: 'ready' })
} catch (error) {
  const e = error instanceof SandboxError ? error : new SandboxError('BadBundle', String(error))
  reply({ type: 'loadFailed', error: e.toJSON() })
}
// Requests are handled one at a time, in arrival order. A close disposes the isolate here, on the
// thread that owns it, and closes the port, so the thread ends by itself once its event loop is
// empty. Torn down from outside instead (terminate, or process.exit here) while bytes copied out
// of the isolate still awaited its garbage collector, a thread aborted the whole process
// (isolated-vm: "Assertion `environment != nullptr' failed"). Runs still queued are skipped (the
// pool has failed their tasks already). A sample in progress runs synchronously, so the close is
// read once it ends (at the latest at its time limit).
let queue = Promise.resolve()
let closing = false
port.on('message', (request: RunRequest | CloseRequest) => {
  if (request.type === 'close') closing = true
  queue = queue.then(() => {
    if (request.type === 'run') return closing ? undefined : handle(request)
    runner.dispose()
    port.close()
  })
})
