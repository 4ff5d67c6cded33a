// Uploads through the gateway, for the dApp (a browser is no IPFS node): the subset of Kubo's RPC
// `POST /api/v0/add` that a requester needs to publish a job spec or a generator bundle folder.
// multipart/form-data with one `file` part per file (the part's filename is its path); answers
// newline-delimited JSON like Kubo: one { Name, Hash, Size } per added file, then, with
// `wrap-with-directory=true`, the directory as { Name: "", Hash, Size }. The CID options are the
// store's own (CIDv1, raw leaves, 256 KiB chunks); a request asking for others is refused rather
// than answered with a CID it did not ask for. Off unless the gateway is given an uploader.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkEntries } from './buildDag'
import { isContentError } from './ContentError'
import type { ContentStore } from './ContentStore'

/** What the gateway adds uploads with (a ContentStore). */
export type GatewayUploads = Pick<ContentStore, 'addBytes' | 'addDirectory'> & {
  /** Largest request body accepted (default 64 MiB). */
  maxBytes?: number
}

// Kubo's names for the options the store always uses, with the only values it can honour.
const fixedOptions: Record<string, string[]> = {
  'cid-version': ['1'],
  'raw-leaves': ['true'],
  chunker: ['size-262144'],
  pin: ['true', 'false'],
  'wrap-with-directory': ['true', 'false'],
}

type Reply = (status: number, body: string, type?: string) => void

/** Handles one `POST /api/v0/add`; `reply` writes the answer with the gateway's CORS headers. */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploads: GatewayUploads,
  reply: Reply,
): Promise<void> {
  for (const [name, value] of url.searchParams) {
    const allowed = fixedOptions[name]
    if (!allowed) return reply(400, `Unknown option ${name}: this gateway supports ${Object.keys(fixedOptions).join(', ')}.\n`)
    if (!allowed.includes(value)) return reply(400, `${name}=${value} is not supported: use ${allowed.join(' or ')}.\n`)
  }
  const type = req.headers['content-type'] ?? ''
  if (!/^multipart\/form-data/i.test(type))
    return reply(415, 'Send the files as multipart/form-data, one "file" part per file.\n')
  const maxBytes = uploads.maxBytes ?? 64 * 1024 * 1024
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) {
      reply(413, `The upload is larger than ${maxBytes} bytes.\n`)
      req.destroy()
      return
    }
    chunks.push(chunk)
  }
  let form: FormData
  try {
    // The platform's own multipart parser (undici's), not a hand-written one.
    form = await new Request('http://gateway/api/v0/add', {
      method: 'POST',
      headers: { 'content-type': type },
      body: Buffer.concat(chunks),
    }).formData()
  } catch {
    return reply(400, 'The body is not valid multipart/form-data.\n')
  }
  const files: { path: string; bytes: Uint8Array }[] = []
  for (const part of form.getAll('file')) {
    if (typeof part === 'string') return reply(400, 'Each "file" part must be a file with a filename (its path).\n')
    let path: string
    try {
      path = decodeURIComponent(part.name)
    } catch {
      return reply(400, `The filename "${part.name}" has a malformed percent-encoding.\n`)
    }
    if (!path || path.startsWith('/') || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      return reply(400, `"${path}" is not a relative file path.\n`)
    }
    files.push({ path, bytes: new Uint8Array(await part.arrayBuffer()) })
  }
  if (files.length === 0) return reply(400, 'No files: send at least one "file" part.\n')
  const pin = url.searchParams.get('pin') !== 'false'
  const wrap = url.searchParams.get('wrap-with-directory') === 'true'
  if (!wrap && files.length > 1) return reply(400, 'Several files need wrap-with-directory=true (one directory holds them).\n')
  const lines: string[] = []
  try {
    // The directory's own check (duplicate paths, a file that is also a folder, a backslash or
    // NUL in a name), before any file is added: a refused upload leaves no blocks behind. A
    // single file's name is only echoed back.
    if (wrap) checkEntries(files)
    for (const file of files) {
      const cid = await uploads.addBytes(file.bytes, { pin: pin && !wrap })
      lines.push(JSON.stringify({ Name: file.path, Hash: cid, Size: String(file.bytes.length) }))
    }
    if (wrap) {
      const cid = await uploads.addDirectory(files, { pin })
      lines.push(JSON.stringify({ Name: '', Hash: cid, Size: String(total) }))
    }
  } catch (error) {
    // What the request got wrong is the client's to fix (400); anything else is the gateway's (500).
    if (isContentError(error, 'InvalidInput') || isContentError(error, 'InvalidPath')) {
      return reply(400, `${[error.shortMessage, ...(error.metaMessages ?? [])].join(' ')}\n`)
    }
    throw error
  }
  // Nothing was written before this point, so an aborted client leaves no half answer.
  if (!res.destroyed) reply(200, `${lines.join('\n')}\n`, 'application/x-ndjson')
}
