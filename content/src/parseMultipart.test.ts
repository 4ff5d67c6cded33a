import { describe, expect, it } from 'vitest'
import { ContentError } from './ContentError'
import { MAX_PART_HEADER_BYTES, type MultipartPart, parseMultipart } from './parseMultipart'

/** `body` cut into chunks of `size` bytes, as the network may deliver it. */
async function* chunked(body: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < body.length; offset += size) yield body.subarray(offset, offset + size)
}

async function parts(body: Uint8Array, type: string, chunkSize = body.length || 1): Promise<MultipartPart[]> {
  const out: MultipartPart[] = []
  for await (const part of parseMultipart(chunked(body, chunkSize), type)) out.push(part)
  return out
}

async function refusal(body: Uint8Array, type: string): Promise<string> {
  const error = await parts(body, type).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ContentError)
  expect((error as ContentError).code).toBe('InvalidInput')
  return (error as ContentError).shortMessage
}

describe('parseMultipart', () => {
  it('reads what FormData sends, however the body is chunked (a boundary cut anywhere)', async () => {
    const form = new FormData()
    // Content that looks like a boundary but is not one, and binary bytes.
    const binary = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256)
    form.append('file', new Blob(['--not the boundary\r\n--\r\n']), 'a%2Fb.txt')
    form.append('file', new Blob([binary]), 'bin')
    form.append('file', new Blob([]), 'empty')
    form.append('note', 'a plain field')
    const request = new Request('http://x/', { method: 'POST', body: form })
    const type = request.headers.get('content-type') as string
    const body = new Uint8Array(await request.arrayBuffer())
    for (const size of [1, 2, 3, 7, 64, 1000, body.length]) {
      const got = await parts(body, type, size)
      expect(
        got.map((p) => [p.index, p.field, p.filename]),
        `chunks of ${size}`,
      ).toEqual([
        [1, 'file', 'a%2Fb.txt'],
        [2, 'file', 'bin'],
        [3, 'file', 'empty'],
        [4, 'note', undefined],
      ])
      expect(new TextDecoder().decode(got[0].bytes)).toBe('--not the boundary\r\n--\r\n')
      expect(got[1].bytes).toEqual(binary)
      expect(got[2].bytes.length).toBe(0)
      expect(new TextDecoder().decode(got[3].bytes)).toBe('a plain field')
    }
  })

  it('takes a quoted boundary, a preamble, transport padding, an epilogue and a part type', async () => {
    const body = new TextEncoder().encode(
      'preamble\r\n--x y  \r\nContent-Disposition: form-data; name=dir-0; filename="d"\r\nContent-Type: application/x-directory\r\n\r\n\r\n--x y--\r\nepilogue',
    )
    const [part] = await parts(body, 'multipart/form-data; boundary="x y"')
    expect(part).toMatchObject({ field: 'dir-0', filename: 'd', contentType: 'application/x-directory' })
    expect(part.bytes.length).toBe(0)
  })

  it('refuses malformed bodies, saying what is wrong', async () => {
    const text = (s: string) => new TextEncoder().encode(s)
    const type = 'multipart/form-data; boundary=b'
    expect(await refusal(text('--b--'), 'multipart/form-data')).toContain('has no boundary parameter')
    expect(await refusal(text(''), type)).toContain('ended before its closing boundary, with no part in it')
    expect(await refusal(text('--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nhal'), type)).toContain(
      'ended before its closing boundary, in part 1: the upload was cut short',
    )
    expect(await refusal(text('--bogus\r\n'), type)).toContain('a boundary line has more after the boundary')
    expect(await refusal(text('--b\r\nno colon here\r\n\r\nx\r\n--b--'), type)).toContain(
      'part 1 has a header line without a name',
    )
    expect(await refusal(text('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'), type)).toContain(
      'part 1 has no Content-Disposition: form-data header',
    )
    const long = `--b\r\nContent-Disposition: form-data; name="f"; filename="${'x'.repeat(MAX_PART_HEADER_BYTES)}"\r\n\r\nx\r\n--b--`
    expect(await refusal(text(long), type)).toContain('the headers of part 1 are longer than 16 KiB')
    // Endless headers are refused once past the limit, not read to their end.
    expect(await refusal(text(`--b\r\nX: ${'y'.repeat(2 * MAX_PART_HEADER_BYTES)}`), type)).toContain('longer than 16 KiB')
  })

  it('yields each part as soon as it is whole, so a caller can stop early', async () => {
    let pulled = 0
    async function* body() {
      yield new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="f"; filename="one"\r\n\r\n1\r\n--b\r\n')
      pulled += 1
      // Never reached: the caller stops after the first part.
      throw new Error('read past the first part')
    }
    for await (const part of parseMultipart(body(), 'multipart/form-data; boundary=b')) {
      expect(part.filename).toBe('one')
      break
    }
    expect(pulled).toBe(0)
  })
})
