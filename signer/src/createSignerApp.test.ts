import { createLogger } from '@neuromation/runtime'
import { type SignedVoucherJson, signedVoucherFromJson, voucherDomain, voucherTypes } from '@neuromation/sdk'
import { verifyTypedData } from 'viem'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config'
import { createSignerApp, maxBodyBytes } from './createSignerApp'

const sale = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9'
const buyer = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const other = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const now = 1_800_000_000

const logs: Record<string, unknown>[] = []
// A burst large enough for every request of this file (the rate limit has its own tests below).
const config = loadConfig({
  SALE_ADDRESS: sale,
  LIMIT_RETAIL_ETH: '100',
  LIMIT_ACCREDITED_ETH: '15000',
  RATE_LIMIT_BURST: '1000',
})
const app = createSignerApp(config, {
  now: () => now,
  logger: createLogger({ level: 'debug', sink: (line) => logs.push(JSON.parse(line)) }),
})

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/v1/vouchers', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const issuesOf = async (res: Response) => {
  expect(res.status).toBe(400)
  const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string; message: string }[] } }
  expect(body.error.code).toBe('INVALID_INPUT')
  return body.error
}

describe('GET /health and /v1/policy', () => {
  it('reports chain, signer and sale', async () => {
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', chainId: 31337, signer: config.account.address, sale })
  })

  it('publishes the policy with limits as decimal strings', async () => {
    const res = await app.request('/v1/policy')
    const policy = (await res.json()) as { restrictedCountries: { code: string }[] } & Record<string, unknown>
    expect(policy).toMatchObject({
      limits: { accreditedWei: '15000000000000000000000', retailWei: '100000000000000000000' },
      voucherTtlSeconds: 3600,
      chainId: 31337,
      sale,
    })
    expect(policy.restrictedCountries.map((c) => c.code)).toEqual(
      expect.arrayContaining(['CU', 'IR', 'KP', 'SY', 'CN', 'HK', 'US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']),
    )
    for (const c of policy.restrictedCountries) expect(Object.keys(c)).toEqual(['code', 'name', 'reason', 'accreditedAllowed'])
  })
})

describe('POST /v1/vouchers', () => {
  it('issues a voucher signed by the compliance signer for the sale domain', async () => {
    const res = await post({ payer: buyer, country: 'DE', accredited: false })
    expect(res.status).toBe(200)
    const json = (await res.json()) as SignedVoucherJson
    expect(json.voucher).toMatchObject({
      payer: buyer,
      beneficiary: buyer,
      limitWei: '100000000000000000000',
      expiry: String(now + 3600),
    })
    expect(json.voucher.nonce).toMatch(/^\d+$/)
    const { voucher, signature } = signedVoucherFromJson(json)
    const valid = await verifyTypedData({
      address: config.account.address,
      domain: voucherDomain(31337, sale),
      types: voucherTypes,
      primaryType: 'Voucher',
      message: voucher,
      signature,
    })
    expect(valid).toBe(true)
    expect(logs.find((l) => l.msg === 'voucher issued')).toMatchObject({ payer: buyer, country: 'DE', tier: 'retail' })
  })

  it('uses a fresh random 256-bit nonce per voucher', async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(
        async () =>
          ((await (await post({ payer: buyer, country: 'FR', accredited: false })).json()) as SignedVoucherJson).voucher.nonce,
      ),
    )
    expect(new Set(nonces).size).toBe(3)
    // 3 random 256-bit values all below 2^200 would be a 2^-168 event: the range is really used.
    expect(nonces.some((n) => BigInt(n) > 2n ** 200n)).toBe(true)
  })

  it('accepts lower-case country codes and addresses, a separate beneficiary and the accredited tier', async () => {
    const res = await post({ payer: buyer.toLowerCase(), beneficiary: other.toLowerCase(), country: ' us ', accredited: true })
    expect(res.status).toBe(200)
    const { voucher } = (await res.json()) as SignedVoucherJson
    expect(voucher).toMatchObject({ payer: buyer, beneficiary: other, limitWei: '15000000000000000000000' })
  })

  it.each([
    ['us', false, 'United States'],
    ['pr', false, 'Puerto Rico'],
    ['cn', true, 'China'],
    ['hk', false, 'Hong Kong'],
    ['kp', true, 'North Korea'],
    ['ir', false, 'Iran'],
  ])('refuses %s (accredited %s) with 403 and a reason', async (country, accredited, name) => {
    const res = await post({ payer: buyer, country, accredited })
    expect(res.status).toBe(403)
    const { error } = (await res.json()) as { error: { code: string; message: string; country: string } }
    expect(error.code).toBe('RESTRICTED_JURISDICTION')
    expect(error.country).toBe(country.toUpperCase())
    expect(error.message).toContain(name)
  })

  it('rejects unknown country codes with 400', async () => {
    for (const country of ['XX', 'EU', 'DEU', '', '1']) {
      const error = await issuesOf(await post({ payer: buyer, country, accredited: false }))
      expect(error.issues).toEqual([{ path: 'country', message: expect.stringContaining('ISO 3166-1 alpha-2') }])
    }
  })

  it('explains bad addresses', async () => {
    const cases: [unknown, RegExp][] = [
      ['0x123', /is not an address/],
      ['3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', /is not an address/],
      [`${buyer.slice(0, -1)}c`, /wrong EIP-55 checksum/],
      ['0x0000000000000000000000000000000000000000', /zero address/],
      [42, /payer must be a string/],
    ]
    for (const [payer, message] of cases) {
      const error = await issuesOf(await post({ payer, country: 'DE', accredited: false }))
      expect(error.issues).toEqual([{ path: 'payer', message: expect.stringMatching(message) }])
    }
    const error = await issuesOf(await post({ payer: buyer, beneficiary: 'bob', country: 'DE', accredited: false }))
    expect(error.issues[0].path).toBe('beneficiary')
  })

  it('lists every missing field and wrong type at once', async () => {
    let error = await issuesOf(await post({}))
    expect(error.issues.map((i) => i.path)).toEqual(['payer', 'country', 'accredited'])
    expect(error.message).toMatch(/payer is required.*country is required.*accredited is required/)

    error = await issuesOf(await post({ payer: buyer, country: 49, accredited: 'true' }))
    expect(error.issues).toEqual([
      { path: 'country', message: expect.stringMatching(/country must be a string/) },
      { path: 'accredited', message: expect.stringMatching(/JSON boolean/) },
    ])
  })

  it('refuses unknown fields so typos are not silently ignored', async () => {
    const error = await issuesOf(await post({ payer: buyer, country: 'DE', accredited: false, acredited: true }))
    expect(error.issues).toEqual([{ path: '', message: expect.stringMatching(/unknown field\(s\) "acredited"/) }])
  })

  it('echoes at most a short prefix of a bad value, not the whole value', async () => {
    const long = (prefix: string) => prefix + 'x'.repeat(15_000)
    for (const body of [
      { payer: buyer, country: long('ZZ'), accredited: false },
      { payer: long('0x'), country: 'DE', accredited: false },
      { payer: buyer, beneficiary: long('0x'), country: 'DE', accredited: false },
      { payer: buyer, country: 'DE', accredited: false, [long('k')]: 1 },
    ]) {
      const res = await post(body)
      const text = await res.clone().text()
      const error = await issuesOf(res)
      expect(text.length).toBeLessThan(1_000)
      expect(error.issues).toHaveLength(1)
      // The first 64 characters and an ellipsis, quoted.
      expect(error.message).toMatch(/"(ZZ|0x|k)x+…"/i)
      expect(/"([^"]*)…"/.exec(error.message)?.[1]).toHaveLength(64)
    }
    const error = await issuesOf(await post({ payer: buyer, country: 'Deutschland', accredited: false }))
    expect(error.message).toContain('country "DEUTSCHLAND" is not an ISO 3166-1 alpha-2 country code')
  })

  it('refuses a body that repeats a key, naming it, instead of letting the last one win', async () => {
    const issued = logs.filter((l) => l.msg === 'voucher issued').length
    for (const body of [
      `{"payer":"${buyer}","country":"IR","country":"DE","accredited":false}`,
      `{"payer":"${buyer}","country":"DE","accredited":true,"accredited":false}`,
      // The same key spelled with an escape is the same key.
      `{"payer":"${buyer}","country":"IR","countr\u0079":"DE","accredited":false}`,
    ]) {
      const res = await post(body)
      const error = await issuesOf(res)
      expect(error.message).toMatch(/field "(country|accredited)" appears more than once/)
      expect(error.issues).toEqual([{ path: '', message: error.message }])
    }
    expect(logs.filter((l) => l.msg === 'voucher issued')).toHaveLength(issued)
    // Keys that only look alike, and the same key in different places, are fine (and then refused as unknown fields).
    expect((await post(`{"payer":"${buyer}","country":"DE","accredited":false}`)).status).toBe(200)
    const error = await issuesOf(
      await post(`{"payer":"${buyer}","country":"DE","accredited":false,"x":{"country":1},"y":["country","country"]}`),
    )
    expect(error.message).toMatch(/unknown field\(s\) "x", "y"/)
  })

  it('rejects bodies that are not a JSON object', async () => {
    for (const body of ['not json', '{"payer":', '']) {
      const error = await issuesOf(await post(body))
      expect(error.message).toMatch(/not valid JSON/)
    }
    for (const body of ['[]', '"DE"', 'null', '42']) {
      const error = await issuesOf(await post(body))
      expect(error.message).toMatch(/must be a JSON object/)
    }
  })

  it('refuses bodies over the limit with 413 before parsing', async () => {
    const res = await post({ payer: buyer, country: 'DE', accredited: false, pad: 'x'.repeat(maxBodyBytes) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })
})

describe('HTTP semantics', () => {
  it('accepts application/json with a UTF-8 charset, in any case', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      expect((await post({ payer: buyer, country: 'DE', accredited: false }, { 'content-type': type })).status).toBe(200)
    }
  })

  it('answers 415 to any other content type or none, before the rate limit, so no web page can spend it', async () => {
    const lines: Record<string, unknown>[] = []
    const strict = createSignerApp(loadConfig({ SALE_ADDRESS: sale, RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '1' }), {
      now: () => now,
      logger: createLogger({ level: 'debug', sink: (line) => lines.push(JSON.parse(line)) }),
    })
    const body = JSON.stringify({ payer: buyer, country: 'DE', accredited: false })
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/jsonx',
      undefined,
    ]) {
      const res = await strict.request('/v1/vouchers', {
        method: 'POST',
        // A Blob without a type sends no Content-Type at all (a string body would be text/plain).
        body: new Blob([body]),
        headers: type === undefined ? {} : { 'content-type': type },
      })
      expect(res.status).toBe(415)
      if (type === undefined) expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
      expect(error.message).toContain('send Content-Type: application/json')
      if (type) expect(error.message).toContain(`Content-Type ${JSON.stringify(type)} is not accepted`)
      else expect(error.message).toContain('no Content-Type')
    }
    // The burst of one is still there for the real client.
    const res = await strict.request('/v1/vouchers', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(res.status).toBe(200)
    expect(lines.filter((line) => line.msg === 'voucher issued')).toHaveLength(1)
  })

  it('answers unknown routes with 404 JSON', async () => {
    const res = await app.request('/v1/nope')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('answers wrong methods with 405 and Allow', async () => {
    for (const [path, method, allow] of [
      ['/v1/vouchers', 'GET', 'POST'],
      ['/health', 'POST', 'GET'],
      ['/v1/policy', 'DELETE', 'GET'],
    ]) {
      const res = await app.request(path, { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe(allow)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED')
    }
  })

  it('allows CORS from local dApp origins on any port, and not from others', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5197']) {
      const res = await app.request('/v1/vouchers', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    }
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example:80', 'http://localhost']) {
      const res = await app.request('/health', { headers: { origin } })
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
  })
})

describe('a compliance key rotated on chain', () => {
  const rotated = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
  const rotatedApp = createSignerApp(config, {
    now: () => now,
    logger: createLogger({ level: 'error', sink: () => {} }),
    checkSignerKey: async () => ({ current: false, onChainSigner: rotated }),
  })
  const postTo = (target: typeof app, body: unknown) =>
    target.request('/v1/vouchers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('answers 503 SIGNER_KEY_ROTATED naming the key the sale now accepts, instead of a voucher that would revert', async () => {
    const res = await postTo(rotatedApp, { payer: buyer, country: 'DE', accredited: false })
    expect(res.status).toBe(503)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('SIGNER_KEY_ROTATED')
    expect(error.message).toContain(rotated)
    expect(error.message).toContain('SIGNER_PRIVATE_KEY')
  })

  it('still refuses restricted jurisdictions with their reason (eligibility comes first)', async () => {
    const res = await postTo(rotatedApp, { payer: buyer, country: 'KP', accredited: true })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RESTRICTED_JURISDICTION')
  })
})

describe('rate limit per client (token bucket)', () => {
  const limited = (overrides: Record<string, string> = {}) => {
    const lines: Record<string, unknown>[] = []
    const limitedConfig = loadConfig({ SALE_ADDRESS: sale, RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '3', ...overrides })
    const limitedApp = createSignerApp(limitedConfig, {
      now: () => now,
      logger: createLogger({ level: 'debug', sink: (line) => lines.push(JSON.parse(line)) }),
    })
    return { limitedApp, lines }
  }
  // The Node adapter exposes the socket as env.incoming; app.request passes env as third argument.
  const from = (
    target: Awaited<ReturnType<typeof limited>>['limitedApp'],
    remoteAddress: string,
    headers: Record<string, string> = {},
  ) =>
    target.request(
      '/v1/vouchers',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ payer: buyer, country: 'DE', accredited: false }),
      },
      {
        incoming: { socket: { remoteAddress, remotePort: 50_000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } },
      },
    )

  it('serves a burst, then answers 429 with Retry-After and a JSON error, per client address', async () => {
    const { limitedApp, lines } = limited()
    const statuses: number[] = []
    for (let i = 0; i < 50; i++) statuses.push((await from(limitedApp, '203.0.113.7')).status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(3)
    expect(statuses.slice(3).every((status) => status === 429)).toBe(true)

    const refused = await from(limitedApp, '203.0.113.7')
    expect(refused.status).toBe(429)
    // 6 a minute: a token every 10 s.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(9)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(10)
    const { error } = (await refused.json()) as { error: { code: string; message: string; retryAfterSeconds: number } }
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.message).toMatch(/\(at most 6 a minute\); try again in \d+ s\./)
    expect(error.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')))
    // 48 refusals, one warning.
    expect(lines.filter((line) => line.msg === 'rate limited' && line.client === '203.0.113.7')).toHaveLength(1)

    // Another client is not affected; the same IPv6 /64 shares one bucket.
    expect((await from(limitedApp, '198.51.100.1')).status).toBe(200)
    for (const suffix of ['1', '2', '3']) expect((await from(limitedApp, `2001:db8:1:2::${suffix}`)).status).toBe(200)
    expect((await from(limitedApp, '2001:db8:1:2:ffff::9')).status).toBe(429)
    // Health and policy stay reachable for a limited client.
    expect((await limitedApp.request('/health')).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const direct = limited().limitedApp
    for (let i = 0; i < 3; i++) expect((await from(direct, '10.0.0.1', { 'x-forwarded-for': `192.0.2.${i}` })).status).toBe(200)
    expect((await from(direct, '10.0.0.1', { 'x-forwarded-for': '192.0.2.99' })).status).toBe(429)
  })

  it('behind one proxy keys on the entry it appended, so a forged first entry does not make a new client', async () => {
    // The proxy (10.0.0.1) appends the peer it saw (192.0.2.1) to whatever the client sent.
    const proxied = limited({ TRUST_PROXY: 'true' }).limitedApp
    for (let i = 0; i < 3; i++) {
      expect((await from(proxied, '10.0.0.1', { 'x-forwarded-for': `198.51.100.${i}, 192.0.2.1` })).status).toBe(200)
    }
    expect((await from(proxied, '10.0.0.1', { 'x-forwarded-for': '203.0.113.9, 192.0.2.1' })).status).toBe(429)
    expect((await from(proxied, '10.0.0.1', { 'x-forwarded-for': '192.0.2.1' })).status).toBe(429)
    expect((await from(proxied, '10.0.0.1', { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200)
  })

  it('behind TRUST_PROXY=2 proxies keys on the second entry from the right', async () => {
    // The client's real address (192.0.2.1) was appended by the outer proxy; the inner one appended the outer's.
    const proxied = limited({ TRUST_PROXY: '2' }).limitedApp
    for (let i = 0; i < 3; i++) {
      expect((await from(proxied, '10.0.0.2', { 'x-forwarded-for': `198.51.100.${i}, 192.0.2.1, 10.0.0.1` })).status).toBe(200)
    }
    expect((await from(proxied, '10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 10.0.0.1' })).status).toBe(429)
    expect((await from(proxied, '10.0.0.2', { 'x-forwarded-for': '192.0.2.2, 10.0.0.1' })).status).toBe(200)
  })
})

describe('compliance signer unreadable', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE with Retry-After when the RPC node fails the key check', async () => {
    const { SignerKeyUnavailableError } = await import('./createSignerKeyCheck')
    const failing = createSignerApp(config, {
      logger: createLogger({ level: 'silent' }),
      checkSignerKey: async () => {
        throw new SignerKeyUnavailableError(new Error('HTTP request failed: ECONNREFUSED'))
      },
    })
    const res = await failing.request('/v1/vouchers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payer: buyer, country: 'DE', accredited: false }),
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      message: "Cannot read the sale's compliance signer from the RPC node. Please try again in a few seconds.",
    })
  })
})

describe('chain time unavailable', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE with Retry-After instead of a bare 500, without leaking the RPC URL', async () => {
    const lines: string[] = []
    const { ChainTimeUnavailableError } = await import('./createChainClock')
    const failing = createSignerApp(config, {
      logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
      now: async () => {
        throw new ChainTimeUnavailableError(new Error('HTTP request failed. URL: https://eth-mainnet.g.alchemy.com/v2/SECRETKEY'))
      },
    })
    const res = await failing.request('/v1/vouchers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payer: buyer, country: 'DE', accredited: false }),
    })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    const body = await res.text()
    expect(JSON.parse(body).error.code).toBe('UPSTREAM_UNAVAILABLE')
    expect(body).not.toContain('alchemy')
    expect(lines.join('')).toContain('https://eth-mainnet.g.alchemy.com/…')
    expect(lines.join('')).not.toContain('SECRETKEY')
  })
})
