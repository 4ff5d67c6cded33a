import { ConfigError } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { anvilDevSignerKey, loadConfig } from './config'

const sale = '0xdc64a140aa3e981100a9beca4e685f962f0cf6c9'
const key2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'

const errorOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('loadConfig accepted the environment')
}

describe('loadConfig', () => {
  it('applies the documented defaults on the local chain, falling back to the dev key', () => {
    const config = loadConfig({ SALE_ADDRESS: sale })
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      usingDevKey: true,
      saleAddress: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
      voucherTtlSeconds: 3600,
      limits: { accreditedWei: 15_000n * 10n ** 18n, retailWei: 100n * 10n ** 18n },
      corsOrigins: ['http://127.0.0.1:*', 'http://localhost:*'],
      logLevel: 'info',
    })
    expect(config.account.address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
  })

  it('reads every variable', () => {
    const config = loadConfig({
      SIGNER_HOST: '0.0.0.0',
      SIGNER_PORT: '9000',
      CHAIN_ID: '11155111',
      RPC_URL: 'https://rpc.example.org',
      SIGNER_PRIVATE_KEY: key2,
      SALE_ADDRESS: sale,
      VOUCHER_TTL_SECONDS: '600',
      LIMIT_ACCREDITED_ETH: '500.5',
      LIMIT_RETAIL_ETH: '0.25',
      CORS_ORIGINS: 'https://app.neuromation.io, http://localhost:*',
      LOG_LEVEL: 'warn',
    })
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      chainId: 11155111,
      usingDevKey: false,
      voucherTtlSeconds: 600,
      limits: { accreditedWei: 5005n * 10n ** 17n, retailWei: 25n * 10n ** 16n },
      corsOrigins: ['https://app.neuromation.io', 'http://localhost:*'],
      logLevel: 'warn',
    })
    expect(config.account.address).toBe('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC')
  })

  it('requires a key outside local chains and refuses the public dev key there', () => {
    expect(errorOf({ CHAIN_ID: '1', SALE_ADDRESS: sale })).toMatch(/SIGNER_PRIVATE_KEY is required on chain 1/)
    expect(errorOf({ CHAIN_ID: '1', SALE_ADDRESS: sale, SIGNER_PRIVATE_KEY: anvilDevSignerKey })).toMatch(/public dev key/)
  })

  it('names each invalid variable without echoing the key', () => {
    const message = errorOf({
      SIGNER_PORT: '70000',
      CHAIN_ID: 'mainnet',
      RPC_URL: 'ftp://x',
      SIGNER_PRIVATE_KEY: '0x1234secret',
      SALE_ADDRESS: '0xabc',
      VOUCHER_TTL_SECONDS: '5',
      LIMIT_RETAIL_ETH: '-1',
      CORS_ORIGINS: 'http://localhost:5173/app',
      LOG_LEVEL: 'loud',
    })
    expect(message.split('\n')).toEqual([
      'Invalid signer configuration (see signer/.env.example):',
      '- SIGNER_PORT="70000" is out of range: expected a port number (1-65535); set SIGNER_PORT=8787 or unset it for the default.',
      '- CHAIN_ID="mainnet" is not a whole number >= 1; set CHAIN_ID=31337 or unset it for the default (31337 is the local anvil of npm start).',
      '- RPC_URL="ftp://x" uses ftp:, expected a http or https or ws or wss URL; set RPC_URL=http://127.0.0.1:8545 or unset it for the default.',
      "- SIGNER_PRIVATE_KEY (value hidden) is not a 32-byte hex private key (0x followed by 64 hex digits); set SIGNER_PRIVATE_KEY to a 32-byte hex private key (0x followed by 64 hex digits) or unset it (the TokenSale's compliance signer).",
      '- SALE_ADDRESS="0xabc" is not a 0x-prefixed 20-byte address; set SALE_ADDRESS to a 0x-prefixed 20-byte address or unset it (the TokenSale contract; unset uses the deployment of CHAIN_ID).',
      '- VOUCHER_TTL_SECONDS="5" is out of range: expected a whole number from 60 to 604800; set VOUCHER_TTL_SECONDS=3600 or unset it for the default.',
      '- LIMIT_RETAIL_ETH="-1" is not a positive ETH amount like 100 or 0.5; set LIMIT_RETAIL_ETH=100 or unset it for the default.',
      '- CORS_ORIGINS="http://localhost:5173/app" has "http://localhost:5173/app", which is not an origin (scheme://host[:port], no path); set CORS_ORIGINS=http://127.0.0.1:*,http://localhost:* or unset it for the default.',
      '- LOG_LEVEL="loud" is not one of debug, info, warn, error, silent; set LOG_LEVEL=info or unset it for the default.',
    ])
    expect(message).not.toContain('1234secret')
  })

  it('refuses a key outside the curve order', () => {
    expect(errorOf({ SALE_ADDRESS: sale, SIGNER_PRIVATE_KEY: `0x${'f'.repeat(64)}` })).toMatch(/not a valid secp256k1/)
  })

  it('reads the chain-time cache and rate-limit settings, with a live-chain cache and none on local chains', () => {
    expect(loadConfig({ SALE_ADDRESS: sale })).toMatchObject({
      chainTimeRefreshMs: 0,
      rateLimit: { perMinute: 30, burst: 10 },
      trustProxy: 0,
    })
    expect(loadConfig({ SALE_ADDRESS: sale, CHAIN_ID: '11155111', SIGNER_PRIVATE_KEY: key2 }).chainTimeRefreshMs).toBe(5_000)
    expect(
      loadConfig({
        SALE_ADDRESS: sale,
        CHAIN_TIME_REFRESH: '2s',
        RATE_LIMIT_PER_MINUTE: '120',
        RATE_LIMIT_BURST: '40',
        TRUST_PROXY: 'yes',
      }),
    ).toMatchObject({ chainTimeRefreshMs: 2_000, rateLimit: { perMinute: 120, burst: 40 }, trustProxy: 1 })
    expect(loadConfig({ SALE_ADDRESS: sale, TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(loadConfig({ SALE_ADDRESS: sale, TRUST_PROXY: 'false' }).trustProxy).toBe(0)
    expect(errorOf({ SALE_ADDRESS: sale, TRUST_PROXY: 'maybe' })).toMatch(
      /TRUST_PROXY="maybe" is not false, true or a proxy count/,
    )
    expect(errorOf({ SALE_ADDRESS: sale, CHAIN_TIME_REFRESH: '5m', RATE_LIMIT_BURST: '0' })).toMatch(
      /CHAIN_TIME_REFRESH="5m" is out of range: expected from 0ms to 1m.*\n- RATE_LIMIT_BURST="0" is out of range/s,
    )
  })

  it('refuses a retail limit above the accredited one', () => {
    expect(errorOf({ SALE_ADDRESS: sale, LIMIT_RETAIL_ETH: '20000' })).toMatch(/must not exceed LIMIT_ACCREDITED_ETH/)
  })

  it('says how to get a sale address when the sdk has no deployment for the chain', () => {
    expect(errorOf({ CHAIN_ID: '424242', SIGNER_PRIVATE_KEY: key2 })).toMatch(
      /No Neuromation deployment for chain 424242.*SALE_ADDRESS/s,
    )
  })
})
