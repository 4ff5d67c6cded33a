/**
 * A response body read with a running byte count: the read stops (and the body is cancelled) as
 * soon as it passes `maxBytes`, so a hostile server cannot make the caller buffer more. A declared
 * Content-Length over the limit is refused before reading. `tooLarge` makes the caller's error
 * (`declared`: the Content-Length when that is what gave it away).
 */
export async function readBodyCapped(
  response: Response,
  maxBytes: number,
  tooLarge: (declared?: number) => Error,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {})
    throw tooLarge(declared)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (response.body) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
      chunks.push(value)
    }
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
