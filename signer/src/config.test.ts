import { describe, expect, it } from 'vitest'
import { anvilDevSignerKey, ConfigError, loadConfig } from './config'

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
    for (const name of ['SIGNER_PORT', 'CHAIN_ID', 'RPC_URL', 'SIGNER_PRIVATE_KEY', 'SALE_ADDRESS', 'VOUCHER_TTL_SECONDS', 'LIMIT_RETAIL_ETH', 'CORS_ORIGINS', 'LOG_LEVEL']) {
      expect(message).toContain(`- ${name}:`)
    }
    expect(message).not.toContain('1234secret')
  })

  it('refuses a key outside the curve order', () => {
    expect(errorOf({ SALE_ADDRESS: sale, SIGNER_PRIVATE_KEY: `0x${'f'.repeat(64)}` })).toMatch(/not a valid secp256k1/)
  })

  it('refuses a retail limit above the accredited one', () => {
    expect(errorOf({ SALE_ADDRESS: sale, LIMIT_RETAIL_ETH: '20000' })).toMatch(/must not exceed LIMIT_ACCREDITED_ETH/)
  })

  it('says how to get a sale address when the sdk has no deployment for the chain', () => {
    expect(errorOf({ CHAIN_ID: '424242', SIGNER_PRIVATE_KEY: key2 })).toMatch(/No Neuromation deployment for chain 424242.*SALE_ADDRESS/s)
  })
})
