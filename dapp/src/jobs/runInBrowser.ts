import { type JsonValue, type ParamsSchema, validateParams } from '@neuromation/generator-sdk'
import type { RecheckReply, RecheckRequest } from './recheckWorker'

/** The generator failed in the browser (or took too long); the message is the generator's. */
export class BrowserRunError extends Error {
  override name = 'BrowserRunError'
}

export type BrowserSample = Extract<RecheckReply, { ok: true }>['samples'][number]

/**
 * Runs samples `indices` of a generator bundle in a Web Worker (recheckWorker: the engine's driver
 * and deterministic math, as an executor's sandbox runs it), with params validated and completed
 * exactly as the sandbox does. Throws BrowserRunError with the generator's own message when it
 * refuses to run (or takes longer than `timeoutMs`).
 */
export async function runInBrowser(options: {
  moduleSource: string
  paramsSchema: ParamsSchema
  params: Record<string, JsonValue>
  seed: number
  indices: number[]
  timeoutMs?: number
}): Promise<BrowserSample[]> {
  const paramsJson = JSON.stringify(validateParams(options.paramsSchema, options.params))
  const worker = new Worker(new URL('./recheckWorker.ts', import.meta.url), { type: 'module' })
  let reply: RecheckReply
  try {
    reply = await new Promise<RecheckReply>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 120_000
      const timer = setTimeout(
        () => reject(new BrowserRunError(`The generator did not finish within ${timeoutMs / 1000} s.`)),
        timeoutMs,
      )
      worker.onmessage = (event: MessageEvent<RecheckReply>) => {
        clearTimeout(timer)
        resolve(event.data)
      }
      worker.onerror = (event) => {
        clearTimeout(timer)
        reject(new BrowserRunError(`The generator's worker failed: ${event.message}`))
      }
      const request: RecheckRequest = {
        moduleSource: options.moduleSource,
        seed: options.seed,
        indices: options.indices,
        paramsJson,
      }
      worker.postMessage(request)
    })
  } finally {
    worker.terminate()
  }
  if (!reply.ok) throw new BrowserRunError(`The generator failed in the browser: ${reply.error.split('\n')[0]}`)
  return reply.samples
}
