import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ConfigError } from './ConfigError'
import { env } from './env'
import { loadConfig } from './loadConfig'

const anvilKey0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

const schema = z.object({
  SIGNER_PORT: env.port({ default: 8787 }),
  RPC_URL: env.url({ protocols: ['http', 'https', 'ws', 'wss'], default: 'http://127.0.0.1:8545' }),
  SIGNER_PRIVATE_KEY: env.privateKey({ optional: true }),
  SALE_ADDRESS: env.address({ optional: true }),
  VOUCHER_TTL_SECONDS: env.int({ min: 60, max: 604_800, default: 3_600 }),
  CHAIN_CLOCK_REFRESH: env.durationMs({ default: 5_000, max: 60_000 }),
  RATE_LIMIT_ENABLED: env.boolean({ default: true }),
  LOG_LEVEL: env.oneOf(['debug', 'info', 'warn', 'error'], { default: 'info' }),
})

/** The ConfigError loadConfig throws for `values`, as text (fails the test when it does not throw). */
function problems(values: Record<string, string>, target: z.ZodType = schema): string {
  try {
    loadConfig(target, values)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('loadConfig accepted the environment')
}

const dir = mkdtempSync(join(tmpdir(), 'runtime-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('loadConfig', () => {
  it('applies defaults, treats blank as unset and returns typed values', () => {
    const config = loadConfig(schema, { SIGNER_PORT: '', LOG_LEVEL: '  ' })
    expect(config).toEqual({
      SIGNER_PORT: 8787,
      RPC_URL: 'http://127.0.0.1:8545',
      SIGNER_PRIVATE_KEY: undefined,
      SALE_ADDRESS: undefined,
      VOUCHER_TTL_SECONDS: 3600,
      CHAIN_CLOCK_REFRESH: 5000,
      RATE_LIMIT_ENABLED: true,
      LOG_LEVEL: 'info',
    })
  })

  it('parses every helper type', () => {
    const config = loadConfig(schema, {
      SIGNER_PORT: ' 9000 ',
      RPC_URL: 'wss://rpc.example.org/ws',
      SIGNER_PRIVATE_KEY: anvilKey0.toUpperCase().replace('0X', '0x'),
      SALE_ADDRESS: '0xdc64a140aa3e981100a9beca4e685f962f0cf6c9',
      VOUCHER_TTL_SECONDS: '600',
      CHAIN_CLOCK_REFRESH: '2.5s',
      RATE_LIMIT_ENABLED: 'off',
      LOG_LEVEL: 'debug',
    })
    expect(config).toEqual({
      SIGNER_PORT: 9000,
      RPC_URL: 'wss://rpc.example.org/ws',
      SIGNER_PRIVATE_KEY: anvilKey0,
      SALE_ADDRESS: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
      VOUCHER_TTL_SECONDS: 600,
      CHAIN_CLOCK_REFRESH: 2500,
      RATE_LIMIT_ENABLED: false,
      LOG_LEVEL: 'debug',
    })
    const durations = z.object({ D: env.durationMs() })
    expect(['250', '250ms', '3s', '2m', '1h'].map((D) => loadConfig(durations, { D }).D)).toEqual([
      250, 250, 3_000, 120_000, 3_600_000,
    ])
    const flags = z.object({ F: env.boolean() })
    expect(['true', 'TRUE', '1', 'yes', 'on', 'false', '0', 'No', 'OFF'].map((F) => loadConfig(flags, { F }).F)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
  })

  it('names the variable, the problem and the fix in one line per problem', () => {
    const message = problems({
      SIGNER_PORT: 'abc',
      VOUCHER_TTL_SECONDS: '5',
      CHAIN_CLOCK_REFRESH: '2 minutes',
      RATE_LIMIT_ENABLED: 'maybe',
      LOG_LEVEL: 'loud',
      SALE_ADDRESS: '0xabc',
    })
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      '- SIGNER_PORT="abc" is not a port number (1-65535); set SIGNER_PORT=8787 or unset it for the default.',
      '- SALE_ADDRESS="0xabc" is not a 0x-prefixed 20-byte address; set SALE_ADDRESS to a 0x-prefixed 20-byte address or unset it.',
      '- VOUCHER_TTL_SECONDS="5" is out of range: expected a whole number from 60 to 604800; set VOUCHER_TTL_SECONDS=3600 or unset it for the default.',
      '- CHAIN_CLOCK_REFRESH="2 minutes" is not a duration like 500ms, 30s, 5m or 1h (a bare number is milliseconds); set CHAIN_CLOCK_REFRESH=5s or unset it for the default.',
      '- RATE_LIMIT_ENABLED="maybe" is not true or false (also accepted: 1/0, yes/no, on/off); set RATE_LIMIT_ENABLED=true or unset it for the default.',
      '- LOG_LEVEL="loud" is not one of debug, info, warn, error; set LOG_LEVEL=info or unset it for the default.',
    ])
    expect(problems({ SIGNER_PORT: '70000' })).toContain('SIGNER_PORT="70000" is out of range: expected a port number (1-65535)')
    expect(problems({ SIGNER_PORT: '0x1f90' })).toContain('SIGNER_PORT="0x1f90" is not a port number')
    expect(problems({ CHAIN_CLOCK_REFRESH: '2h' })).toContain('is out of range: expected from 0ms to 1m')
    expect(problems({ SALE_ADDRESS: '0xDC64a140Aa3E981100a9becA4E685f962f0cF6C9' })).toContain('wrong EIP-55 checksum')
  })

  it('shows the form and an example for a list whose default is empty, not "set it to nothing"', () => {
    const peers = z.object({
      PEERS: env.custom(
        {
          expected: 'multiaddrs',
          example: '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...',
          format: (list: string[]) => list.join(','),
          parse: (raw) => (raw.startsWith('/') ? { value: raw.split(',') } : { problem: 'is not a multiaddr' }),
        },
        { default: [], hint: 'the platform node' },
      ),
    })
    expect(problems({ PEERS: 'garbage' }, peers)).toBe(
      'Invalid configuration:\n- PEERS="garbage" is not a multiaddr; set PEERS to multiaddrs, e.g. PEERS=/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW... (the platform node).',
    )
  })

  it('uses the title the service gives and says how to fix a missing required variable', () => {
    const required = z.object({
      SALE_ADDRESS: env.address(),
      SIGNER_PRIVATE_KEY: env.privateKey({ hint: "the TokenSale's compliance signer" }),
    })
    expect(problems({}, required)).toBe(
      [
        'Invalid signer configuration (see signer/.env.example):',
        '- SALE_ADDRESS is not set; set SALE_ADDRESS to a 0x-prefixed 20-byte address, e.g. SALE_ADDRESS=0x5FbDB2315678afecb367f032d93F642f64180aa3.',
        "- SIGNER_PRIVATE_KEY is not set; set SIGNER_PRIVATE_KEY to a 32-byte hex private key (0x followed by 64 hex digits) (the TokenSale's compliance signer).",
      ]
        .join('\n')
        .replace('Invalid signer configuration (see signer/.env.example)', 'Invalid configuration'),
    )
    try {
      loadConfig(required, {}, { title: 'Invalid signer configuration (see signer/.env.example)' })
    } catch (error) {
      expect((error as Error).message.split('\n')[0]).toBe('Invalid signer configuration (see signer/.env.example):')
    }
  })

  it('never echoes a secret and shows URLs only by their origin', () => {
    const message = problems({
      SIGNER_PRIVATE_KEY: '0x1234secretsecret',
      RPC_URL: 'ftp://files.example.org/v2/APIKEY123',
    })
    expect(message).toContain('- RPC_URL="ftp://files.example.org/…" uses ftp:, expected a http or https or ws or wss URL;')
    expect(message).toContain(
      '- SIGNER_PRIVATE_KEY (value hidden) is not a 32-byte hex private key (0x followed by 64 hex digits); set SIGNER_PRIVATE_KEY to',
    )
    expect(message).not.toContain('1234secret')
    expect(message).not.toContain('APIKEY123')
    const zeroKey = problems({ SIGNER_PRIVATE_KEY: `0x${'0'.repeat(64)}` })
    expect(zeroKey).toContain('SIGNER_PRIVATE_KEY (value hidden) is not a valid secp256k1 private key')
  })

  it('formats issues of plain zod schemas and object-level rules, hiding secrets by name', () => {
    const plain = z
      .object({
        DATABASE_SCHEMA: z.string().regex(/^[a-z_]+$/, 'must be lower-case letters and _'),
        API_TOKEN: z.string().min(40, 'is too short'),
        NAME: z.string(),
        LOW: z.coerce.number(),
        HIGH: z.coerce.number(),
      })
      .refine((config) => config.LOW <= config.HIGH, { message: 'LOW must not exceed HIGH; lower LOW or raise HIGH.' })
    const message = problems({ DATABASE_SCHEMA: 'Neuro', API_TOKEN: 'tok-abc', LOW: '1', HIGH: '2' }, plain)
    expect(message).toContain('- DATABASE_SCHEMA="Neuro": must be lower-case letters and _')
    expect(message).toContain('- API_TOKEN (value hidden): is too short')
    expect(message).toContain('- NAME is not set; set it (see the .env.example of this service).')
    expect(message).not.toContain('tok-abc')
    expect(problems({ DATABASE_SCHEMA: 'a', API_TOKEN: 'x'.repeat(40), NAME: 'n', LOW: '3', HIGH: '2' }, plain)).toBe(
      'Invalid configuration:\n- LOW must not exceed HIGH; lower LOW or raise HIGH.',
    )
  })

  it('reads an env file under the environment, and skips a missing one', () => {
    const file = join(dir, '.env')
    writeFileSync(file, '# signer\nSIGNER_PORT=9100\nLOG_LEVEL="warn"\n')
    expect(loadConfig(schema, { LOG_LEVEL: 'error' }, { envFile: file })).toMatchObject({ SIGNER_PORT: 9100, LOG_LEVEL: 'error' })
    expect(loadConfig(schema, {}, { envFile: join(dir, 'missing.env') }).SIGNER_PORT).toBe(8787)
  })

  it('accepts port 0 only when asked to (a free port picked by the OS)', () => {
    expect(problems({ P: '0' }, z.object({ P: env.port() }))).toContain('P="0" is out of range')
    expect(loadConfig(z.object({ P: env.port({ allowZero: true }) }), { P: '0' }).P).toBe(0)
  })
})
