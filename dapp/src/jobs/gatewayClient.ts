import { readBodyCapped } from '@neuromation/sdk'

/** A gateway request failed; the message says which file and what to do. `retryable` for timeouts and 5xx. */
export class GatewayError extends Error {
  override name = 'GatewayError'
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * How often a query of content-addressed data retries (React Query's `retry`). Such a query never
 * refetches on its own (the bytes of a CID never change), so a transient failure (a gateway still
 * fetching blocks from a busy provider, a timeout, a 5xx) would otherwise stay on the page for good:
 * retried four times with React Query's backoff (1, 2, 4, 8 s). Errors that cannot heal (a 404, a
 * file too large, bad JSON) are shown at once.
 */
export function retryGatewayRead(failureCount: number, error: Error): boolean {
  return error instanceof GatewayError && error.retryable && failureCount < 4
}

export type FetchOptions = {
  /** Refuse more bytes than this (a shard or bundle far larger than expected is not read into memory). */
  maxBytes?: number
  /** Give up after this long: a CID nobody provides makes a gateway wait forever. */
  timeoutMs?: number
  signal?: AbortSignal
}

/** One file to add: its path inside the directory and its bytes. */
export type UploadFile = { path: string; bytes: Uint8Array }

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024

// Same options as the engine's bundleCid and the content store: CIDv1, raw leaves, 256 KiB chunks,
// so a bundle added here gets the CID `neuro-gen pack` printed.
const ADD_QUERY = 'cid-version=1&raw-leaves=true&chunker=size-262144&pin=true'

// A CID as the content layer and Kubo print it: CIDv0 (Qm and 44 base58btc characters), or CIDv1
// in base32 (ba...) or base58btc (z...). CIDs here come from the chain, where anything up to 128
// bytes is accepted: this only makes sure one cannot leave its path segment of a gateway URL
// (no `/`, `.`, `?`, `#` or `%`), as `../api/v0/...` would. The gateway checks the rest, and the
// blocks. (The dApp has no multiformats to parse it with.)
const CID_PATTERN = /^(?:Qm[1-9A-HJ-NP-Za-km-z]{44}|ba[a-z2-7]{55,126}|z[1-9A-HJ-NP-Za-km-z]{45,127})$/

/** Whether `value` (e.g. a result CID from the chain) looks like a CID and can go into a URL or code as is. */
export function isCid(value: string): boolean {
  return typeof value === 'string' && CID_PATTERN.test(value)
}

/** `cid` if it is one (CID_PATTERN), else a GatewayError saying what was given. */
function checkCid(cid: string, what: string): string {
  if (isCid(cid)) return cid
  const text = String(cid)
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)
  throw new GatewayError(`${what}: ${shown} is not a CID (expected bafy... in base32, or Qm...).`, false)
}

/** `path` percent-encoded segment by segment, or a GatewayError for an empty, `.` or `..` segment. */
function encodePath(path: string, what: string): string {
  const segments = path.split('/')
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 77)}...` : path)
    throw new GatewayError(`${what}: ${shown} is not a file path inside the directory (an empty, . or .. segment).`, false)
  }
  return segments.map(encodeURIComponent).join('/')
}

/**
 * The browser's view of the content layer through its HTTP gateway: files read at
 * `${gatewayUrl}/ipfs/<cid>/<path>` (the gateway verifies blocks against their CIDs), and files
 * added through the Kubo-compatible `POST /api/v0/add` the platform's content service answers.
 */
export function gatewayClient(gatewayUrl: string) {
  // Throws a GatewayError for a CID or path that would not stay under /ipfs/<cid>/ on the gateway.
  const fileUrl = (cid: string, path = '', what = 'Reading from IPFS') =>
    `${gatewayUrl}/ipfs/${encodeURIComponent(checkCid(cid, what))}${path ? `/${encodePath(path, what)}` : ''}`

  /**
   * Where a browser opens `<cid>/<path>`, or undefined when `cid` (a value from the chain) is not
   * a CID or `path` leaves the directory: a page then renders no link, rather than one to another
   * path of the gateway or an error instead of the page.
   */
  const url = (cid: string, path = ''): string | undefined => {
    try {
      return fileUrl(cid, path)
    } catch {
      return undefined
    }
  }

  async function request(url: string, init: RequestInit, what: string, options: FetchOptions): Promise<Response> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]
    let response: Response
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.any(signals) })
    } catch (cause) {
      if (options.signal?.aborted) throw cause
      if (cause instanceof DOMException && cause.name === 'TimeoutError') {
        throw new GatewayError(
          `${what}: no answer from the IPFS gateway within ${timeoutMs / 1000} s. Is the content still provided?`,
          true,
          {
            cause,
          },
        )
      }
      throw new GatewayError(`${what}: the IPFS gateway at ${gatewayUrl} is unreachable.`, true, { cause })
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).trim().slice(0, 200)
      const hint = response.status === 404 ? ' (not found: check the CID and the file name)' : ''
      throw new GatewayError(
        `${what}: the gateway answered ${response.status}${hint}${detail ? `: ${detail}` : ''}`,
        response.status >= 500,
      )
    }
    return response
  }

  /** The bytes of `<cid>/<path>`, bounded in size and time. */
  async function getBytes(cid: string, path = '', options: FetchOptions = {}): Promise<Uint8Array> {
    const what = `Reading ${path ? `${path} of ` : ''}${cid}`
    const response = await request(fileUrl(cid, path, what), {}, what, options)
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
    try {
      return await readBodyCapped(
        response,
        maxBytes,
        (declared) =>
          new GatewayError(
            declared === undefined
              ? `${what}: more than the ${maxBytes} bytes expected.`
              : `${what}: ${declared} bytes is more than the ${maxBytes} expected.`,
            false,
          ),
      )
    } catch (cause) {
      if (cause instanceof GatewayError || options.signal?.aborted) throw cause
      // The headers came, then the body broke off: a gateway streams a file as it gets its blocks and
      // can only cut the connection when one does not come in time (the browser says "network
      // error"), or the timeout ran out mid-body. Both heal on a retry.
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError'
      throw new GatewayError(
        timedOut
          ? `${what}: the transfer did not finish within ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`
          : `${what}: the IPFS gateway broke off the transfer (${cause instanceof Error ? cause.message : String(cause)}).`,
        true,
        { cause },
      )
    }
  }

  /** `<cid>/<path>` parsed as JSON. */
  async function getJson(cid: string, path = '', options: FetchOptions = {}): Promise<unknown> {
    const bytes = await getBytes(cid, path, { maxBytes: 1024 * 1024, ...options })
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    } catch (cause) {
      throw new GatewayError(`${path || cid} is not JSON text.`, false, { cause })
    }
  }

  /**
   * Adds files and returns the CID: of the file itself when one file is given without a
   * directory (`wrap` false), else of a directory holding them at their paths.
   */
  async function add(files: UploadFile[], { wrap, ...options }: FetchOptions & { wrap: boolean }): Promise<string> {
    if (files.length === 0) throw new GatewayError('Nothing to upload: no files given.', false)
    const form = new FormData()
    for (const file of files) {
      form.append(
        'file',
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        encodeURIComponent(file.path),
      )
    }
    const url = `${gatewayUrl}/api/v0/add?${ADD_QUERY}${wrap ? '&wrap-with-directory=true' : ''}`
    const response = await request(url, { method: 'POST', body: form }, 'Uploading to IPFS', options)
    // Kubo answers one JSON object per line, the wrapping directory (Name "") last.
    const lines = (await response.text())
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        let entry: unknown
        try {
          entry = JSON.parse(line)
        } catch (cause) {
          // A proxy's or web server's page, or a gateway without uploads behind the same URL.
          const shown = JSON.stringify(line.length > 100 ? `${line.slice(0, 97)}...` : line)
          throw new GatewayError(
            `Uploading to IPFS: the gateway answered ${shown}, not one JSON object per line as IPFS's /api/v0/add does. Is the gateway URL that of the platform's content service?`,
            false,
            { cause },
          )
        }
        return (entry && typeof entry === 'object' ? entry : {}) as { Name?: unknown; Hash?: unknown }
      })
    const root = wrap ? lines.find((l) => l.Name === '') : lines.at(-1)
    if (typeof root?.Hash !== 'string') throw new GatewayError('Uploading to IPFS: the gateway did not return a CID.', false)
    // The CID goes on chain and into links: the gateway's word is checked like any other CID.
    return checkCid(root.Hash, "Uploading to IPFS: the gateway's answer")
  }

  return { url, getBytes, getJson, add, gatewayUrl }
}

export type GatewayClient = ReturnType<typeof gatewayClient>
