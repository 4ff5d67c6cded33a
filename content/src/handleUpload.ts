// Uploads through the gateway, for the dApp (a browser is no IPFS node): the subset of Kubo's RPC
// `POST /api/v0/add` that a requester needs to publish a job spec or a generator bundle folder.
// multipart/form-data with one part per file (the part's filename is its path, percent-encoded;
// a part of type application/x-directory, as Kubo's clients send for each folder, is a folder);
// answers newline-delimited JSON like Kubo: one { Name, Hash, Size } per added file, then, with
// `wrap-with-directory=true`, the directory as { Name: "", Hash, Size }. The CID options are the
// store's own (CIDv1, raw leaves, 256 KiB chunks); a request asking for others is refused rather
// than answered with a CID it did not ask for. Off unless the gateway is given an uploader.
//
// The body is parsed as it streams in and bounded: its size (maxBytes, from Content-Length before
// anything is read), its files (maxFiles), a pause in sending (the gateway's stallTimeoutMs). All
// of it is read and checked before anything is added, so a refused, cut or abandoned upload
// leaves no blocks behind; the store writes a DAG's root last, so an add that fails midway leaves
// no root either, and no CID that reads as complete.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { buildDag, checkEntries } from './buildDag'
import { ContentError, isContentError } from './ContentError'
import type { ContentStore, DirectoryInput } from './ContentStore'
import { normalizePath } from './normalizePath'
import { parseMultipart } from './parseMultipart'

/** What one upload may hold, and how many run at once (each holds its files in memory until added). */
export type UploadLimits = {
  /** Largest request body accepted (default 64 MiB). */
  maxBytes?: number
  /** Most files and folders in one upload (default 1,000): each is a block write and a pin. */
  maxFiles?: number
  /** Uploads at once (default 4); more are answered 503 with Retry-After. */
  maxConcurrent?: number
}

export const DEFAULT_UPLOAD_LIMITS: Required<UploadLimits> = { maxBytes: 64 * 1024 * 1024, maxFiles: 1_000, maxConcurrent: 4 }

/** What the gateway adds uploads with (a ContentStore), and its limits. */
export type GatewayUploads = Pick<ContentStore, 'addBytes' | 'addDirectory'> & UploadLimits

// Kubo's names for the options the store always uses, with the only values it can honour.
const fixedOptions: Record<string, string[]> = {
  'cid-version': ['1'],
  'raw-leaves': ['true'],
  chunker: ['size-262144'],
  pin: ['true', 'false'],
  'wrap-with-directory': ['true', 'false'],
}

// Where the files' own CIDs are computed: the directory add writes their blocks once.
const discard = { put: () => undefined }

type Reply = (status: number, body: string, type?: string) => void

/**
 * Handles one `POST /api/v0/add`; `reply` writes the answer with the gateway's CORS headers (and
 * closes the connection when the body was not read to its end). A client that sends nothing for
 * `stallTimeoutMs` mid-body gets 408 and is disconnected.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploads: GatewayUploads,
  reply: Reply,
  stallTimeoutMs: number,
): Promise<void> {
  const seen = new Set<string>()
  for (const [name, value] of url.searchParams) {
    const allowed = fixedOptions[name]
    if (!allowed) return reply(400, `Unknown option ${name}: this gateway supports ${Object.keys(fixedOptions).join(', ')}.\n`)
    if (!allowed.includes(value)) return reply(400, `${name}=${value} is not supported: use ${allowed.join(' or ')}.\n`)
    // Kubo would take one of the two silently: which one the client meant is unknown.
    if (seen.has(name)) return reply(400, `${name} is given twice: give each option once.\n`)
    seen.add(name)
  }
  const type = req.headers['content-type'] ?? ''
  if (!/^multipart\/form-data\s*(;|$)/i.test(type))
    return reply(415, 'Send the files as multipart/form-data, one part per file whose filename is its path.\n')
  const maxBytes = uploads.maxBytes ?? DEFAULT_UPLOAD_LIMITS.maxBytes
  const maxFiles = uploads.maxFiles ?? DEFAULT_UPLOAD_LIMITS.maxFiles
  const tooLarge = `The upload is larger than ${sizeOf(maxBytes)}, the most this gateway takes at once: upload fewer or smaller files at a time, or add large content to an IPFS node directly (ipfs add).`
  // Refused from its declared length before a byte of it is read.
  if (Number(req.headers['content-length']) > maxBytes) return reply(413, `${tooLarge}\n`)
  const pin = url.searchParams.get('pin') !== 'false'
  const wrap = url.searchParams.get('wrap-with-directory') === 'true'

  const files: DirectoryInput[] = []
  const folders: string[] = []
  req.setTimeout(stallTimeoutMs, () => {
    reply(
      408,
      `The upload sent nothing for ${stallTimeoutMs} ms, so the gateway stopped waiting for it; send the body without pauses, or retry.\n`,
    )
    // Ends the read below, and the connection: Node no longer aborts a request once it is answered.
    req.destroy()
  })
  try {
    for await (const part of parseMultipart(bodyOf(req, maxBytes, tooLarge), type)) {
      if (part.index > maxFiles) {
        throw new ContentError(
          'ContentTooLarge',
          `The upload has more than ${maxFiles} files and folders, the most this gateway takes at once: upload fewer at a time, or pack them into one file (a tar).`,
        )
      }
      if (part.filename === undefined) {
        throw new ContentError(
          'InvalidInput',
          `Part ${part.index} (${part.field ?? 'unnamed'}) has no filename: each part must be a file whose filename is its path.`,
        )
      }
      let path: string
      try {
        path = decodeURIComponent(part.filename)
      } catch {
        throw new ContentError('InvalidInput', `The filename "${part.filename.slice(0, 200)}" has a malformed percent-encoding.`)
      }
      if (/^application\/x-directory\s*(;|$)/i.test(part.contentType ?? '')) folders.push(normalizePath(path))
      else files.push({ path, bytes: part.bytes })
      if (!wrap && files.length + folders.length > 1)
        throw new ContentError('InvalidInput', 'Several files need wrap-with-directory=true (one directory holds them).')
    }
  } catch (error) {
    // Timed out (answered above), or the client went away mid-body: nothing to answer, nothing was added.
    if (res.headersSent || req.socket.destroyed) return
    if (isContentError(error, 'ContentTooLarge')) return reply(413, `${error.shortMessage}\n`)
    if (isContentError(error, 'InvalidInput') || isContentError(error, 'InvalidPath')) return reply(400, messageOf(error))
    throw error
  } finally {
    // Adding the files may take a while with no traffic: that is no stalled client.
    req.setTimeout(0)
  }

  const lines: string[] = []
  try {
    if (files.length === 0) return reply(400, 'No files: send at least one part with a filename (its path).\n')
    // The directory's own checks, for a single file too (a name the directory would refuse is
    // refused alone as well): before any file is added, so a refused upload leaves no blocks.
    checkEntries(files)
    for (const folder of folders) {
      if (!files.some((file) => normalizePath(file.path).startsWith(`${folder}/`))) {
        return reply(
          400,
          `"${folder.slice(0, 200)}" is an empty folder: a directory here is made of files; put a file in it or leave it out.\n`,
        )
      }
    }
    if (!wrap) {
      const [file] = files
      const cid = await uploads.addBytes(file.bytes, { pin })
      lines.push(JSON.stringify({ Name: file.path, Hash: cid, Size: String(file.bytes.length) }))
    } else {
      // Each file's CID as Kubo lists it: the same DAG the directory holds, computed without
      // writing it (the directory's add writes every block once).
      for (const file of files) {
        const cid = (await buildDag(discard, file.bytes)).toString()
        lines.push(JSON.stringify({ Name: file.path, Hash: cid, Size: String(file.bytes.length) }))
      }
      const cid = await uploads.addDirectory(files, { pin })
      const size = files.reduce((sum, file) => sum + file.bytes.length, 0)
      lines.push(JSON.stringify({ Name: '', Hash: cid, Size: String(size) }))
    }
  } catch (error) {
    // What the request got wrong is the client's to fix (400); anything else is the gateway's (500).
    if (isContentError(error, 'InvalidInput') || isContentError(error, 'InvalidPath')) return reply(400, messageOf(error))
    throw error
  }
  // Nothing was written before this point, so an aborted client leaves no half answer.
  if (!res.destroyed) reply(200, `${lines.join('\n')}\n`, 'application/x-ndjson')
}

/**
 * The request's bytes, failing with `tooLarge` once they pass `maxBytes` (a chunked body declares
 * no length). Leaving the loop does not destroy the request, so a refusal can still be answered.
 */
async function* bodyOf(req: IncomingMessage, maxBytes: number, tooLarge: string): AsyncGenerator<Uint8Array> {
  let total = 0
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) throw new ContentError('ContentTooLarge', tooLarge)
    yield chunk
  }
}

function messageOf(error: ContentError): string {
  return `${[error.shortMessage, ...(error.metaMessages ?? [])].join(' ')}\n`
}

/** 64 MiB (67108864 bytes), or the bytes alone when not a whole number of MiB. */
function sizeOf(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return Number.isInteger(mib) ? `${mib} MiB (${bytes} bytes)` : `${bytes} bytes`
}
