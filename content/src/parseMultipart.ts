import { quoteInput } from '@neuromation/runtime'
import { ContentError } from './ContentError'

/** One part of a multipart/form-data body: a file (its filename is its path, as Kubo's clients send it) or a field. */
export type MultipartPart = {
  /** 1-based position in the body, for messages. */
  index: number
  /** The form field name (browsers: what was appended; Kubo's clients: file-0, dir-1, ...). */
  field: string | undefined
  /** As sent; undefined for a plain field. */
  filename: string | undefined
  contentType: string | undefined
  bytes: Uint8Array
}

/** The most bytes one part's headers may take: a path of 100 names of 255 bytes, percent-encoded, is about 75 KiB, no real one near it. */
export const MAX_PART_HEADER_BYTES = 16 * 1024

const CRLF = Buffer.from('\r\n')
const HEADERS_END = Buffer.from('\r\n\r\n')

/**
 * The parts of a multipart/form-data body (RFC 7578, RFC 2046 section 5.1.1) as it streams in.
 * Each part is cut out with Buffer.indexOf (native code) as its bytes arrive, so the work per
 * network chunk is small and the event loop keeps serving other requests meanwhile; undici's
 * Request.formData() parses a whole buffered body in one synchronous pass (1 s for 64 MiB, 30 s
 * for 300,000 tiny parts, the gateway frozen all along). A part is yielded once whole, so a
 * caller can stop reading (a limit, a bad name) after any part. Malformed bodies, including one
 * cut short before its closing boundary, are ContentError('InvalidInput').
 */
export async function* parseMultipart(body: AsyncIterable<Uint8Array>, contentType: string): AsyncGenerator<MultipartPart> {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!boundary) {
    throw new ContentError('InvalidInput', 'The Content-Type multipart/form-data has no boundary parameter.', {
      metaMessages: ['Send the Content-Type a FormData body gets (multipart/form-data; boundary=...).'],
    })
  }
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`)
  // Every delimiter but the first follows a CRLF; starting with one lets a single search find them all.
  let buffer: Buffer = Buffer.from(CRLF)
  let state: 'preamble' | 'boundaryLine' | 'headers' | 'content' | 'epilogue' = 'preamble'
  let index = 0
  let part: Omit<MultipartPart, 'bytes'> | undefined
  let content: Buffer[] = []

  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk])
    for (;;) {
      if (state === 'preamble' || state === 'content') {
        const at = buffer.indexOf(delimiter)
        if (at === -1) {
          // Keep what could be the start of a delimiter cut by the chunk's end; the rest is content.
          const keep = Math.min(buffer.length, delimiter.length - 1)
          if (state === 'content') content.push(buffer.subarray(0, buffer.length - keep))
          buffer = buffer.subarray(buffer.length - keep)
          break
        }
        if (state === 'content' && part) {
          content.push(buffer.subarray(0, at))
          yield { ...part, bytes: joined(content) }
          content = []
        }
        buffer = buffer.subarray(at + delimiter.length)
        state = 'boundaryLine'
      }
      if (state === 'boundaryLine') {
        if (buffer.length < 2) break
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          // "--": the closing delimiter; what follows is an epilogue, ignored.
          state = 'epilogue'
          break
        }
        const eol = buffer.indexOf(CRLF)
        if (eol === -1) {
          if (buffer.length > 256) throw malformed('a boundary line does not end.')
          break
        }
        // Transport padding (spaces, tabs) may follow a boundary; anything else means the content held the boundary.
        if (!/^[ \t]*$/.test(buffer.subarray(0, eol).toString('latin1')))
          throw malformed('a boundary line has more after the boundary.')
        buffer = buffer.subarray(eol + 2)
        index += 1
        state = 'headers'
      }
      if (state === 'headers') {
        // A part with no headers at all starts with the blank line itself.
        const end = buffer[0] === 0x0d && buffer[1] === 0x0a ? -2 : buffer.indexOf(HEADERS_END)
        if (end > MAX_PART_HEADER_BYTES || (end === -1 && buffer.length > MAX_PART_HEADER_BYTES)) {
          throw malformed(
            `the headers of part ${index} are longer than ${MAX_PART_HEADER_BYTES / 1024} KiB; is its filename a path?`,
          )
        }
        if (end === -1) break
        part = { index, ...partHeaders(end < 0 ? '' : buffer.subarray(0, end).toString('utf8'), index) }
        buffer = buffer.subarray(end + 4)
        state = 'content'
      }
      if (state === 'epilogue') {
        buffer = Buffer.alloc(0)
        break
      }
    }
  }
  if (state !== 'epilogue') {
    throw malformed(
      index === 0
        ? 'it ended before its closing boundary, with no part in it.'
        : `it ended before its closing boundary, in part ${index}: the upload was cut short.`,
    )
  }
}

/** The name, filename and type a part's header block declares. */
function partHeaders(block: string, index: number): Pick<MultipartPart, 'field' | 'filename' | 'contentType'> {
  let disposition: string | undefined
  let contentType: string | undefined
  for (const line of block === '' ? [] : block.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw malformed(`part ${index} has a header line without a name: ${quoteInput(line, 80)}.`)
    const name = line.slice(0, colon).trim().toLowerCase()
    if (name === 'content-disposition') disposition = line.slice(colon + 1).trim()
    else if (name === 'content-type') contentType = line.slice(colon + 1).trim()
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed(`part ${index} has no Content-Disposition: form-data header.`)
  }
  const params = new Map<string, string>()
  // Browsers and undici quote values and percent-encode a quote inside one (%22): no backslash escapes.
  for (const match of disposition.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
    params.set(match[1].toLowerCase(), match[2] ?? match[3].trim())
  }
  return { field: params.get('name'), filename: params.get('filename'), contentType }
}

/** The chunks as one plain Uint8Array, copied once (Buffer.concat may hand out a slice of a shared pool). */
function joined(chunks: Buffer[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

function malformed(problem: string): ContentError {
  return new ContentError('InvalidInput', `The body is not valid multipart/form-data: ${problem}`, {
    metaMessages: ['Send the files as a FormData body, one part per file, its filename the path.'],
  })
}
