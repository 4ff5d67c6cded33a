import { type ExecutorStatus, MAX_EXECUTOR_STATUS_BYTES, parseExecutorStatus, readBodyCapped } from '@neuromation/sdk'

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
  const bytes = await readBodyCapped(response, MAX_EXECUTOR_STATUS_BYTES, (declared) =>
    declared === undefined
      ? new Error(`${statusUrl} sent more than ${MAX_EXECUTOR_STATUS_BYTES} bytes`)
      : new Error(`${statusUrl} sent ${declared} bytes, over the limit`),
  )
  const text = new TextDecoder().decode(bytes)
  return parseExecutorStatus(text)
}
