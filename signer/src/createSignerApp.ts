import { getConnInfo } from '@hono/node-server/conninfo'
import { BaseError, createLogger, type Logger, quoteInput } from '@neuromation/runtime'
import { countryName, signedVoucherToJson, type Voucher, voucherDomain, voucherTypes } from '@neuromation/sdk'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { bytesToBigInt } from 'viem'
import type { SignerConfig } from './config'
import { createRateLimiter, type RateLimiter } from './createRateLimiter'
import { evaluateEligibility } from './evaluateEligibility'
import { findDuplicateKey } from './findDuplicateKey'
import { restrictedJurisdictions } from './restrictedJurisdictions'
import { voucherRequestSchema } from './voucherRequestSchema'

/** Larger bodies are refused before parsing: a voucher request is about 150 bytes. */
export const maxBodyBytes = 16 * 1024

export type SignerAppOptions = {
  logger?: Logger
  /** Current time in seconds that vouchers expire from; main passes the chain-aware clock. */
  now?: () => Promise<number> | number
  /** A fresh 256-bit voucher nonce; random by default (tests may pin it). */
  randomNonce?: () => bigint
  /** Whether the sale still accepts this key (main passes createSignerKeyCheck); assumed when absent. */
  checkSignerKey?: () => Promise<{ current: boolean; onChainSigner: string }>
  /** Limits voucher requests per client; built from config.rateLimit when absent. */
  rateLimiter?: RateLimiter
}

type ErrorCode =
  | 'INVALID_INPUT'
  | 'RESTRICTED_JURISDICTION'
  | 'SIGNER_KEY_ROTATED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL'

const errorBody = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
})

/**
 * Whether a Content-Type is JSON: `application/json`, any case, with no parameter or a UTF-8
 * charset (JSON text is UTF-8, and that is how the body is decoded).
 */
function isJsonContentType(header: string | undefined): boolean {
  const [mediaType, ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase())
  if (mediaType !== 'application/json') return false
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim())
    return name === 'charset' && /^"?utf-?8"?$/.test(value)
  })
}

const cryptoNonce = () => bytesToBigInt(crypto.getRandomValues(new Uint8Array(32)))

/** `http://127.0.0.1:*` matches that host on any port; `*` matches every origin. */
function originMatcher(patterns: string[]): (origin: string) => boolean {
  const regexes = patterns.map((pattern) => {
    if (pattern === '*') return /^.*$/
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:\*$/, ':\\d{1,5}')
    return new RegExp(`^${escaped}$`)
  })
  return (origin) => regexes.some((regex) => regex.test(origin))
}

/**
 * Who is asking, for the rate limit: the socket's peer, or behind `trustedHops` reverse proxies
 * the X-Forwarded-For entry the outermost of them appended, counted from the right (a proxy's
 * peer is the proxy itself). Each proxy appends the peer it saw, so entries further left came
 * from the client and are its to forge; without a proxy the whole header is, so it is ignored.
 * IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
 */
function clientAddress(c: Context, trustedHops: number): string {
  let address: string | undefined
  if (trustedHops > 0) {
    // Several X-Forwarded-For headers arrive joined with ', ': the same list.
    const entries = (c.req.header('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim())
    // Fewer entries than trusted proxies: the request did not pass them all; fall back to the socket.
    if (entries.length >= trustedHops) address = entries[entries.length - trustedHops]
  }
  if (!address) {
    try {
      address = getConnInfo(c).remote.address
    } catch {
      // No socket (app.request in tests, or another adapter): one shared bucket.
    }
  }
  if (!address) return 'unknown'
  if (address.startsWith('::ffff:')) return address.slice(7)
  if (!address.includes(':')) return address
  const [head, tail = ''] = address.split('::')
  const headParts = head ? head.split(':') : []
  const tailParts = tail ? tail.split(':') : []
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts]
  return `${groups.slice(0, 4).join(':')}::/64`
}

/**
 * The compliance signer's HTTP API as a Hono app (no port bound, so tests call `app.request`).
 * GET /health, GET /v1/policy, POST /v1/vouchers; JSON errors `{ error: { code, message } }`.
 */
export function createSignerApp(config: SignerConfig, options: SignerAppOptions = {}): Hono {
  const logger = (options.logger ?? createLogger({ level: config.logLevel })).child({ module: 'http' })
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const randomNonce = options.randomNonce ?? cryptoNonce
  const { account, chainId, saleAddress } = config
  const allowed = originMatcher(config.corsOrigins)
  const rateLimiter = options.rateLimiter ?? createRateLimiter(config.rateLimit)
  const perMinute = config.rateLimit.perMinute
  const limitedClients = new Set<string>()

  const app = new Hono()

  app.use('*', async (c, next) => {
    const started = performance.now()
    await next()
    logger.info({
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    })
  })
  app.use(
    '*',
    cors({
      origin: (origin) => (allowed(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  )

  app.get('/health', (c) => c.json({ status: 'ok', chainId, signer: account.address, sale: saleAddress }))

  const policy = {
    restrictedCountries: restrictedJurisdictions.map(({ code, name, reason, accreditedAllowed }) => ({
      code,
      name,
      reason,
      accreditedAllowed,
    })),
    limits: { accreditedWei: config.limits.accreditedWei.toString(), retailWei: config.limits.retailWei.toString() },
    voucherTtlSeconds: config.voucherTtlSeconds,
    chainId,
    sale: saleAddress,
  }
  app.get('/v1/policy', (c) => c.json(policy))

  app.post(
    '/v1/vouchers',
    // Before the rate limit: only application/json needs a CORS preflight, so a request without it
    // (text/plain, a form) may come from any web page the user visits, and must not spend the
    // user's quota nor get a voucher.
    async (c, next) => {
      const contentType = c.req.header('content-type')
      if (isJsonContentType(contentType)) return next()
      return c.json(
        errorBody(
          'UNSUPPORTED_MEDIA_TYPE',
          `${contentType ? `Content-Type ${quoteInput(contentType)} is not accepted` : 'The request has no Content-Type'}: ` +
            'send Content-Type: application/json (optionally with charset=utf-8) and a body like {"payer":"0x…","country":"DE","accredited":false}.',
        ),
        415,
      )
    },
    // Before the body is read: a flood costs as little as possible. Each voucher costs a
    // signature and may cost an RPC read, so one client cannot take the service for itself.
    async (c, next) => {
      const client = clientAddress(c, config.trustProxy)
      const taken = rateLimiter.take(client)
      if (taken.allowed) {
        limitedClients.delete(client)
        return next()
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000))
      // One warning when a client hits the limit, not one per refused request: a flood must not
      // turn into a flood of log lines.
      if (!limitedClients.has(client)) {
        if (limitedClients.size >= 10_000) limitedClients.clear()
        limitedClients.add(client)
        logger.warn({ msg: 'rate limited', client, retryAfterSeconds })
      }
      c.header('Retry-After', String(retryAfterSeconds))
      return c.json(
        errorBody(
          'RATE_LIMITED',
          `Too many voucher requests from your address (at most ${perMinute} a minute); try again in ${retryAfterSeconds} s.`,
          { retryAfterSeconds },
        ),
        429,
      )
    },
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          errorBody(
            'PAYLOAD_TOO_LARGE',
            `The request body exceeds ${maxBodyBytes} bytes; a voucher request is a small JSON object.`,
          ),
          413,
        ),
    }),
    async (c) => {
      let text: string
      let body: unknown
      try {
        text = await c.req.text()
        body = JSON.parse(text)
      } catch {
        return c.json(
          errorBody(
            'INVALID_INPUT',
            'The request body is not valid JSON. Send Content-Type: application/json with a body like {"payer":"0x…","country":"DE","accredited":false}.',
            { issues: [] },
          ),
          400,
        )
      }
      // JSON.parse keeps the last of duplicate keys; anything else reading the body may take the
      // first. A declaration that says two things is refused, not resolved.
      const duplicate = findDuplicateKey(text)
      if (duplicate !== undefined) {
        const message = `field ${quoteInput(duplicate)} appears more than once: send each field once`
        return c.json(errorBody('INVALID_INPUT', message, { issues: [{ path: '', message }] }), 400)
      }
      const parsed = voucherRequestSchema.safeParse(body)
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
        return c.json(errorBody('INVALID_INPUT', issues.map((issue) => issue.message).join('; '), { issues }), 400)
      }
      const { payer, country, accredited } = parsed.data
      const beneficiary = parsed.data.beneficiary ?? payer

      const eligibility = evaluateEligibility({ country, accredited }, config.limits)
      if (!eligibility.eligible) {
        // An audit trail of refusals: who asked, from where, why (no personal data beyond that).
        logger.info({ msg: 'voucher refused', payer, beneficiary, country, accredited, code: eligibility.code })
        return c.json(errorBody(eligibility.code, eligibility.message, { country }), 403)
      }

      // Checked after eligibility so refusals never depend on the RPC node.
      const key = await options.checkSignerKey?.()
      if (key && !key.current) {
        logger.error({ msg: 'signer key rotated on chain', signer: account.address, onChainSigner: key.onChainSigner })
        return c.json(
          errorBody(
            'SIGNER_KEY_ROTATED',
            `The sale now accepts only vouchers signed by ${key.onChainSigner}, not by this service's key. ` +
              'The operator must restart the signer with the new SIGNER_PRIVATE_KEY; please try again later.',
          ),
          503,
        )
      }

      const voucher: Voucher = {
        payer,
        beneficiary,
        limitWei: eligibility.limitWei,
        nonce: randomNonce(),
        expiry: BigInt((await now()) + config.voucherTtlSeconds),
      }
      const signature = await account.signTypedData({
        domain: voucherDomain(chainId, saleAddress),
        types: voucherTypes,
        primaryType: 'Voucher',
        message: voucher,
      })
      logger.info({
        msg: 'voucher issued',
        payer,
        beneficiary,
        country,
        countryName: countryName(country),
        tier: eligibility.tier,
        limitWei: voucher.limitWei,
        nonce: voucher.nonce,
        expiry: voucher.expiry,
      })
      return c.json(signedVoucherToJson({ voucher, signature }))
    },
  )

  // Known paths with a method they do not serve: 405 with Allow, not a misleading 404.
  const methodNotAllowed = (allow: string) => (c: Context) => {
    c.header('Allow', allow)
    return c.json(errorBody('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; use ${allow}.`), 405)
  }
  app.all('/health', methodNotAllowed('GET'))
  app.all('/v1/policy', methodNotAllowed('GET'))
  app.all('/v1/vouchers', methodNotAllowed('POST'))

  app.notFound((c) =>
    c.json(
      errorBody('NOT_FOUND', `No route ${c.req.method} ${c.req.path}. Routes: GET /health, GET /v1/policy, POST /v1/vouchers.`),
      404,
    ),
  )
  app.onError((error, c) => {
    logger.error({ msg: 'unhandled error', method: c.req.method, path: c.req.path, error })
    // A transient outside failure (the RPC node down or slow): the client may retry, so say so.
    if (error instanceof BaseError && error.retryable) {
      c.header('Retry-After', '5')
      return c.json(errorBody('UPSTREAM_UNAVAILABLE', `${error.shortMessage} Please try again in a few seconds.`), 503)
    }
    return c.json(errorBody('INTERNAL', 'The signer failed to handle the request; try again, and report it if it persists.'), 500)
  })

  return app
}
