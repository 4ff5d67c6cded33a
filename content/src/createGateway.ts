// The HTTP gateway of the embedded node: what the dApp and users open in a browser, and what
// PyTorch's webdataset reads shards from. Serves UnixFS files and directories by CID:
//   GET|HEAD /ipfs/<cid>[/<path>]   files (Range, ETag, content types), directory listings
//   ?format=json or Accept: application/json on a directory   the listing as JSON
//   GET /health   liveness for the devkit
//   POST /api/v0/add   uploads, when the gateway is given an uploader (handleUpload)
// Every request is bounded: finding the content (fetchTimeoutMs without a block), streaming it
// (the same idle timeout), and a client that stops reading or, uploading, stops sending
// (stallTimeoutMs) is disconnected, so a slow or stuck client holds only its own connection.
// Uploads are bounded in size and files and a few run at once (UploadLimits). Every block served
// was verified against its CID by the reader, and errors are never cached.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@neuromation/runtime'
import { ContentError } from './ContentError'
import { contentTypeByName, contentTypeBySniffing } from './contentType'
import type { DagReader, Resolved } from './createDagReader'
import { DEFAULT_UPLOAD_LIMITS, type GatewayUploads, handleUpload } from './handleUpload'
import { parseRange } from './parseRange'

export type GatewayOptions = {
  reader: DagReader
  host?: string
  /** 0 picks a free port. */
  port: number
  logger: Logger
  /** No block for this long while resolving or streaming: 404 (or the stream is cut). Default 10 s. */
  fetchTimeoutMs?: number
  /** A client that reads nothing (or, uploading, sends nothing) for this long is disconnected. Default 30 s. */
  stallTimeoutMs?: number
  /** Accept `POST /api/v0/add` (handleUpload) into this store; without it the gateway is read-only. */
  uploads?: GatewayUploads
}

export type Gateway = {
  /** e.g. http://127.0.0.1:8080 */
  url: string
  port: number
  close: () => Promise<void>
}

const corsHeaders = {
  // Content-addressed public data: any origin may read it (the dApp runs on another port).
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, X-Ipfs-Path, X-Ipfs-Roots',
}
const immutable = 'public, max-age=29030400, immutable'
// An error may not hold the next time (content not found yet, a busy gateway): never cached.
const errorHeaders = { ...corsHeaders, 'Cache-Control': 'no-store' }

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { reader } = options
  const host = options.host ?? '127.0.0.1'
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 10_000
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000
  const logger = options.logger.child({ module: 'gateway' })
  // Each upload holds its files in memory until they are added: only a few at once.
  const maxConcurrentUploads = options.uploads?.maxConcurrent ?? DEFAULT_UPLOAD_LIMITS.maxConcurrent
  let uploadsInFlight = 0

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error({ msg: 'gateway request failed', url: req.url, error })
      if (!res.headersSent) sendError(req, res, 500, 'The gateway failed to serve this request; see its log.')
      else res.destroy()
    })
  })
  // A client must send its request line and headers promptly; responses are bounded by the
  // timeouts above instead of one global limit (a big shard on a slow link takes long).
  server.headersTimeout = 15_000
  server.requestTimeout = 60_000

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...corsHeaders,
        'Access-Control-Allow-Methods': options.uploads ? 'GET, HEAD, POST, OPTIONS' : 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': 'Range, If-Range, If-None-Match, Accept, Content-Type',
        'Access-Control-Max-Age': '86400',
      })
      res.end()
      return
    }
    if (url.pathname === '/api/v0/add' && options.uploads) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST, OPTIONS')
        sendError(req, res, 405, `${req.method} /api/v0/add is not supported: add files with POST, as multipart/form-data.`)
        return
      }
      if (uploadsInFlight >= maxConcurrentUploads) {
        res.setHeader('Retry-After', '5')
        sendError(
          req,
          res,
          503,
          `${uploadsInFlight} uploads are in progress, as many as this gateway takes at once; retry in a few seconds.`,
        )
        return
      }
      uploadsInFlight += 1
      try {
        await handleUpload(
          req,
          res,
          url,
          options.uploads,
          (status, body, type = 'text/plain; charset=utf-8') =>
            send(req, res, status, type, body, status === 200 ? corsHeaders : errorHeaders),
          stallTimeoutMs,
        )
      } finally {
        uploadsInFlight -= 1
      }
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS')
      const what = options.uploads
        ? 'content is read with GET or HEAD at /ipfs/<cid>, and added with POST /api/v0/add'
        : 'the gateway is read-only (GET, HEAD)'
      sendError(req, res, 405, `${req.method} is not supported here: ${what}.`)
      return
    }
    if (url.pathname === '/health') {
      sendJson(req, res, 200, { ok: true })
      return
    }
    const match = /^\/ipfs\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (!match) {
      sendError(req, res, 404, `Nothing at ${url.pathname.slice(0, 200)}: content is served at /ipfs/<cid>[/<path>].`)
      return
    }
    const format = url.searchParams.get('format')
    if (format !== null && format !== 'json') {
      // A client asking for a CAR or a raw block must not get a file or a page it takes for one.
      sendError(
        req,
        res,
        400,
        `format=${format.slice(0, 40)} is not supported: leave it out, or ask for a directory's listing with format=json.`,
      )
      return
    }
    let cidText: string
    let path: string
    try {
      cidText = decodeURIComponent(match[1])
      path = (match[2] ?? '')
        .split('/')
        .filter(Boolean)
        .map((segment) => decodeURIComponent(segment))
        .join('/')
    } catch {
      sendError(req, res, 400, 'The URL has a malformed percent-encoding.')
      return
    }

    // Aborted when the client goes away, so nothing keeps fetching for nobody.
    const abort = new AbortController()
    res.on('close', () => abort.abort(new Error('client disconnected')))

    let resolved: Resolved
    try {
      resolved = await reader.resolve(cidText, path || undefined, { signal: abort.signal, timeoutMs: fetchTimeoutMs })
    } catch (error) {
      if (abort.signal.aborted) return
      sendContentError(req, res, error)
      return
    }
    // Percent-encoded as in a URL: a header holds Latin-1 only, and setHeader throws on a name
    // like 日.txt (ERR_INVALID_CHAR); the listing's links need it encoded too (a # or ? in a name).
    const ipfsPath = `/ipfs/${[cidText, ...(path ? path.split('/') : [])].map(encodeURIComponent).join('/')}`
    res.setHeader('X-Ipfs-Path', ipfsPath)
    if (resolved.type === 'directory') {
      const shownPath = `/ipfs/${cidText}${path ? `/${path}` : ''}`
      await serveDirectory(req, res, url, resolved, { ipfsPath, shownPath }, abort.signal)
    } else await serveFile(req, res, resolved, abort.signal)
  }

  async function serveDirectory(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    dir: Extract<Resolved, { type: 'directory' }>,
    // The path as in a URL (percent-encoded), and as read (for the page and the JSON listing).
    { ipfsPath, shownPath }: { ipfsPath: string; shownPath: string },
    signal: AbortSignal,
  ): Promise<void> {
    const format = url.searchParams.get('format')
    const wantsJson = format === 'json' || (format === null && /application\/json/i.test(req.headers.accept ?? ''))
    const etag = `"${dir.cid}.${wantsJson ? 'json' : 'html'}"`
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.writeHead(304, { ...corsHeaders, ETag: etag, 'Cache-Control': immutable, Vary: 'Accept' })
      res.end()
      return
    }
    let entries: Awaited<ReturnType<typeof dir.list>>
    try {
      entries = await dir.list({ signal, timeoutMs: fetchTimeoutMs })
    } catch (error) {
      if (signal.aborted) return
      sendContentError(req, res, error)
      return
    }
    const headers = { ...corsHeaders, ETag: etag, 'Cache-Control': immutable, Vary: 'Accept' }
    if (wantsJson) {
      sendJson(req, res, 200, { cid: dir.cid.toString(), path: shownPath, entries }, headers)
      return
    }
    const base = ipfsPath.endsWith('/') ? ipfsPath : `${ipfsPath}/`
    const rows = entries
      .map((entry) => {
        const href = `${base}${encodeURIComponent(entry.name)}${entry.type === 'directory' ? '/' : ''}`
        return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(entry.name)}${entry.type === 'directory' ? '/' : ''}</a></td><td>${entry.size}</td><td><code>${entry.cid}</code></td></tr>`
      })
      .join('\n')
    const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(shownPath)}</title>
<h1>${escapeHtml(shownPath)}</h1>
<table><thead><tr><th>Name</th><th>Size</th><th>CID</th></tr></thead><tbody>
${rows}
</tbody></table>
`
    send(req, res, 200, 'text/html; charset=utf-8', html, headers)
  }

  async function serveFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: Extract<Resolved, { type: 'file' }>,
    signal: AbortSignal,
  ): Promise<void> {
    const etag = `"${file.cid}"`
    const base = {
      ...corsHeaders,
      ETag: etag,
      'Cache-Control': immutable,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      // Files are anyone's content (an executor's result, a bundle): an .html or .svg opened from a
      // link must not run script on this origin, which also takes uploads (POST /api/v0/add).
      'Content-Security-Policy': 'sandbox',
    }
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.writeHead(304, base)
      res.end()
      return
    }
    // If-Range names the copy the client holds part of: another one (or a date: no Last-Modified
    // here) gets the whole file, never a piece of this one to splice into that (RFC 9110 13.1.5).
    const ifRange = req.headers['if-range']
    const rangeHeader = ifRange === undefined || ifRange === etag ? req.headers.range : undefined
    const range = parseRange(rangeHeader, file.size)
    if (range === 'malformed') {
      sendError(
        req,
        res,
        400,
        `Range ${String(rangeHeader).slice(0, 100)} is malformed: send bytes=<first>-<last>, bytes=<first>- or bytes=-<length> (byte offsets from 0, first <= last).`,
      )
      return
    }
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...base, 'Content-Range': `bytes */${file.size}`, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(
        req.method === 'HEAD'
          ? undefined
          : `Range ${String(rangeHeader).slice(0, 100)} is outside the file (${file.size} bytes).\n`,
      )
      return
    }
    let type = contentTypeByName(file.name)
    if (!type) {
      // A bare CID has no name: look at its first bytes (one block, usually already here).
      try {
        type = contentTypeBySniffing(await collect(file.content({ offset: 0, length: Math.min(512, file.size), signal })))
      } catch (error) {
        if (signal.aborted) return
        sendContentError(req, res, error)
        return
      }
    }
    const start = range?.start ?? 0
    const length = range ? range.end - range.start + 1 : file.size
    res.writeHead(range ? 206 : 200, {
      ...base,
      'Content-Type': type,
      'Content-Length': String(length),
      ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}` } : {}),
    })
    if (req.method === 'HEAD' || length === 0) {
      res.end()
      return
    }
    try {
      for await (const chunk of file.content({ offset: start, length, signal })) {
        if (!res.write(chunk)) await drained(res, stallTimeoutMs)
      }
      res.end()
    } catch (error) {
      // Headers are out: the only honest signal left is a cut connection (the length is short).
      if (!signal.aborted) logger.warn({ msg: 'stream cut', cid: file.cid.toString(), error })
      res.destroy()
    }
  }

  function sendContentError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (!(error instanceof ContentError)) throw error
    const status =
      error.code === 'InvalidCid' || error.code === 'InvalidPath' || error.code === 'DirectoryTooLarge'
        ? 400
        : error.code === 'ContentNotFound' || error.code === 'PathNotFound'
          ? 404
          : error.code === 'Unsupported' || error.code === 'NotAFile'
            ? 501
            : error.code === 'CidMismatch'
              ? 502
              : 500
    if (status >= 500) logger.warn({ msg: 'gateway error', url: req.url, error })
    sendError(req, res, status, error.shortMessage, error.code)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port: options.port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host}:${port}`
  logger.info({ msg: 'gateway listening', url })

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive and streaming connections would hold close() open.
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function drained(res: ServerResponse, stallTimeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`the client read nothing for ${stallTimeoutMs} ms`))
    }, stallTimeoutMs)
    const onDrain = () => {
      cleanup()
      resolve()
    }
    const onClose = () => {
      cleanup()
      reject(new Error('client disconnected'))
    }
    const cleanup = () => {
      clearTimeout(timer)
      res.off('drain', onDrain)
      res.off('close', onClose)
    }
    res.on('drain', onDrain)
    res.on('close', onClose)
  })
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string, code?: string): void {
  if (/application\/json/i.test(req.headers.accept ?? '')) {
    sendJson(req, res, status, { error: message, ...(code ? { code } : {}) }, errorHeaders)
    return
  }
  send(req, res, status, 'text/plain; charset=utf-8', `${message}\n`, errorHeaders)
}

/** RFC 9110 13.1.2: `*`, or any listed entity tag equal to ours by the weak comparison If-None-Match uses. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = corsHeaders,
): void {
  send(req, res, status, 'application/json', `${JSON.stringify(body)}\n`, headers)
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string>,
): void {
  const bytes = Buffer.from(body)
  // Answered before its body was read (a refused upload): Node would read and discard the rest
  // on a kept-alive connection, however long; closing it lets the client stop sending.
  const unread = !req.complete && (Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'] !== undefined)
  res.writeHead(status, {
    ...headers,
    'Content-Type': type,
    'Content-Length': String(bytes.byteLength),
    ...(unread ? { Connection: 'close' } : {}),
  })
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}
