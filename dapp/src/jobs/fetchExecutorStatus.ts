import { type ExecutorStatus, MAX_EXECUTOR_STATUS_BYTES, parseExecutorStatus } from '@neuromation/sdk'

/**
 * One read of an executor's GET /status, at the URL its verified metadata names. The node is
 * somebody else's server: no cookies or referrer go to it, redirects are refused, the response
 * is bounded in time and size and validated. Throws an Error whose message is the reason.
 */
export async function fetchExecutorStatus(
  statusUrl: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ExecutorStatus> {
  const timeoutMs = options.timeoutMs ?? 5_000
  let response: Response
  try {
    response = await fetch(statusUrl, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
      cache: 'no-store',
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]),
    })
  } catch (cause) {
    if (options.signal?.aborted) throw cause
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError'
    throw new Error(
      timedOut ? `no answer from ${statusUrl} within ${timeoutMs / 1000} s` : `cannot reach ${statusUrl} (offline, or no CORS)`,
      { cause },
    )
  }
  if (!response.ok) throw new Error(`${statusUrl} answered ${response.status}`)
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > MAX_EXECUTOR_STATUS_BYTES) throw new Error(`${statusUrl} sent ${declared} bytes, over the limit`)
  const reader = response.body?.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > MAX_EXECUTOR_STATUS_BYTES) {
      await reader.cancel()
      throw new Error(`${statusUrl} sent more than ${MAX_EXECUTOR_STATUS_BYTES} bytes`)
    }
    chunks.push(value)
  }
  const text = new TextDecoder().decode(
    chunks.reduce((all, chunk) => {
      const next = new Uint8Array(all.length + chunk.length)
      next.set(all)
      next.set(chunk, all.length)
      return next
    }, new Uint8Array(0)),
  )
  return parseExecutorStatus(text)
}
