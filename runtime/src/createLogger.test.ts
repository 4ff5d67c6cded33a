import { describe, expect, it } from 'vitest'
import { BaseError } from './BaseError'
import { createLogger, type LoggerOptions } from './createLogger'

const at = new Date('2026-01-02T03:04:05.678Z')

function capture(options: LoggerOptions = {}) {
  const lines: { line: string; level: string }[] = []
  const logger = createLogger({ format: 'json', now: () => at, sink: (line, level) => lines.push({ line, level }), ...options })
  const records = () => lines.map(({ line }) => JSON.parse(line))
  return { logger, lines, records }
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, bindings and fields', () => {
    const { logger, lines, records } = capture({ bindings: { service: 'signer' } })
    logger.info({ msg: 'voucher issued', limitWei: 100n * 10n ** 18n, tier: 'retail' })
    expect(lines).toHaveLength(1)
    expect(lines[0].line.endsWith('\n')).toBe(true)
    expect(lines[0].line.trim().includes('\n')).toBe(false)
    expect(records()[0]).toEqual({
      time: '2026-01-02T03:04:05.678Z',
      level: 'info',
      service: 'signer',
      msg: 'voucher issued',
      limitWei: '100000000000000000000',
      tier: 'retail',
    })
  })

  it('drops lines below its level and accepts a plain message', () => {
    const { logger, records } = capture({ level: 'warn' })
    logger.debug({ msg: 'noise' })
    logger.info('still noise')
    logger.warn('disk almost full')
    logger.error({ msg: 'boom' })
    expect(records().map((record) => [record.level, record.msg])).toEqual([
      ['warn', 'disk almost full'],
      ['error', 'boom'],
    ])
    expect(logger.isLevelEnabled('info')).toBe(false)
    expect(logger.isLevelEnabled('error')).toBe(true)
    const silent = capture({ level: 'silent' })
    silent.logger.error('never')
    expect(silent.lines).toHaveLength(0)
  })

  it("adds a child logger's bindings to every line without changing the parent", () => {
    const { logger, records } = capture({ bindings: { service: 'indexer' } })
    const http = logger.child({ module: 'http' })
    http.info({ msg: 'request', status: 200 })
    http.child({ route: '/api/sale' }).info('cache miss')
    logger.info('parent')
    expect(records()).toMatchObject([
      { service: 'indexer', module: 'http', msg: 'request', status: 200 },
      { service: 'indexer', module: 'http', route: '/api/sale', msg: 'cache miss' },
      { service: 'indexer', msg: 'parent' },
    ])
    expect(records()[2].module).toBeUndefined()
  })

  it('redacts secret fields and keys or credentials in URLs, at any depth', () => {
    const { logger, lines } = capture()
    logger.info({
      msg: 'starting with rpc https://eth-mainnet.g.alchemy.com/v2/KEYinMSG',
      rpcUrl: 'https://eth-mainnet.g.alchemy.com/v2/KEYinFIELD',
      config: {
        SIGNER_PRIVATE_KEY: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
        databaseUrl: 'postgresql://u:pw1234@db:5432/x',
      },
      headers: { Authorization: 'Bearer abc.def', apiKey: 'k-123' },
      endpoint: new URL('https://rpc.example.org/?key=QUERYKEY'),
    })
    const line = lines[0].line
    for (const secret of ['KEYinMSG', 'KEYinFIELD', 'ac0974bec39a17e3', 'pw1234', 'abc.def', 'k-123', 'QUERYKEY']) {
      expect(line).not.toContain(secret)
    }
    const record = JSON.parse(line)
    expect(record.rpcUrl).toBe('https://eth-mainnet.g.alchemy.com/…')
    expect(record.config.SIGNER_PRIVATE_KEY).toBe('[redacted]')
    expect(record.headers.Authorization).toBe('[redacted]')
    expect(record.endpoint).toBe('https://rpc.example.org/…')
  })

  it('serializes errors with their cause chain, code and retryable flag, redacting messages', () => {
    const { logger, records } = capture()
    const cause = Object.assign(new Error('fetch failed: https://rpc.example.org/v3/SECRETKEY'), { code: 'ECONNRESET' })
    const error = new BaseError('Chain time unavailable.', { cause, retryable: true, code: 'RPC_UNAVAILABLE' })
    logger.error({ msg: 'refresh failed', error })
    const record = records()[0]
    expect(record.error).toMatchObject({
      name: 'BaseError',
      message: 'Chain time unavailable.',
      code: 'RPC_UNAVAILABLE',
      retryable: true,
      details: 'fetch failed: https://rpc.example.org/…',
      cause: { name: 'Error', message: 'fetch failed: https://rpc.example.org/…', code: 'ECONNRESET' },
    })
    expect(record.error.cause.stack).toContain('createLogger.test.ts')
    expect(JSON.stringify(record)).not.toContain('SECRETKEY')
  })

  it('survives cycles, deep nesting and odd values', () => {
    const { logger, records } = capture()
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic.self = cyclic
    const shared = { x: 1 }
    logger.info({
      msg: 'odd',
      cyclic,
      twice: [shared, shared],
      deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      bytes: new Uint8Array(32),
      when: at,
      set: new Set([1n]),
      fn: () => 1,
    })
    expect(records()[0]).toMatchObject({
      cyclic: { name: 'a', self: '[circular]' },
      twice: [{ x: 1 }, { x: 1 }],
      deep: { a: { b: { c: { d: { e: { f: '[too deep]' } } } } } },
      bytes: '[32 bytes]',
      when: '2026-01-02T03:04:05.678Z',
      set: ['1'],
    })
    expect('fn' in records()[0]).toBe(false)
  })

  it('sends warn and error apart from info (stderr vs stdout by default)', () => {
    const { logger, lines } = capture()
    logger.info('a')
    logger.warn('b')
    logger.error('c')
    expect(lines.map((line) => line.level)).toEqual(['info', 'warn', 'error'])
  })

  it('writes JSON to a custom sink unless asked for pretty lines', () => {
    const lines: string[] = []
    createLogger({ sink: (line) => lines.push(line), now: () => at }).info('plain')
    expect(JSON.parse(lines[0])).toEqual({ time: '2026-01-02T03:04:05.678Z', level: 'info', msg: 'plain' })
  })

  it('writes a readable line in pretty format', () => {
    const { logger, lines } = capture({ format: 'pretty', bindings: { module: 'http' } })
    logger.warn({ msg: 'slow request', path: '/v1/vouchers', ms: 812, note: 'two words' })
    expect(lines[0].line).toBe('03:04:05.678 WARN  [http] slow request path=/v1/vouchers ms=812 note="two words"\n')
  })
})
