// The signer's one reader of process.env: a schema of @neuromation/runtime env variables, so a
// bad value fails fast with one line naming the variable, the problem and the fix. Everything
// else receives a SignerConfig.

import { ConfigError, env, type LogLevel, loadConfig as loadEnv, logLevels } from '@neuromation/runtime'
import { anvilAccounts, getDeployment, isLocalChain } from '@neuromation/sdk'
import { type Address, type Hex, parseEther } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'

export const anvilDevSignerKey: Hex = anvilAccounts[1].privateKey

export type SignerConfig = {
  host: string
  port: number
  chainId: number
  rpcUrl: string
  /**
   * The signing account. The raw key is kept only inside it (a viem local account does not
   * expose it), so logging or serializing the config cannot leak it.
   */
  account: PrivateKeyAccount
  /** True when the key fell back to anvilDevSignerKey (local chains only). */
  usingDevKey: boolean
  saleAddress: Address
  voucherTtlSeconds: number
  limits: { accreditedWei: bigint; retailWei: bigint }
  /** Allowed browser origins; a `*` port (http://127.0.0.1:*) matches any port. */
  corsOrigins: string[]
  logLevel: LogLevel
  /**
   * How long a read of the chain's latest block time is reused (extrapolated with the local
   * clock). 0 on local chains by default: anvil time travel jumps the chain clock, and the
   * local node is cheap to ask.
   */
  chainTimeRefreshMs: number
  /** Voucher requests per client address: a token bucket refilled at perMinute, holding burst. */
  rateLimit: { perMinute: number; burst: number }
  /**
   * Reverse proxies in front of the signer that append to X-Forwarded-For (0: none, the header is
   * ignored). The client is the entry the outermost trusted proxy appended: the `trustProxy`-th
   * from the right; entries left of it are the client's to forge.
   */
  trustProxy: number
}

const ethAmount = (fallback: string) =>
  env.custom(
    {
      expected: 'a positive ETH amount like 100 or 0.5',
      example: '100',
      format: (wei: bigint) => (Number(wei) / 1e18).toString(),
      parse: (raw) => {
        try {
          const wei = parseEther(raw)
          if (wei > 0n) return { value: wei }
        } catch {
          // reported below
        }
        return { problem: 'is not a positive ETH amount like 100 or 0.5' }
      },
    },
    { default: parseEther(fallback) },
  )

const corsOrigins = env.custom(
  {
    expected: 'a comma-separated list of origins like https://app.example.com or http://127.0.0.1:* (no paths), or *',
    example: 'https://app.example.com',
    format: (origins: string[]) => origins.join(','),
    parse: (raw) => {
      const origins = raw
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean)
      const bad = origins.find((origin) => origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin))
      return bad === undefined && origins.length > 0
        ? { value: origins }
        : {
            problem: `has ${bad === undefined ? 'no origin' : `"${bad}", which is not an origin`} (scheme://host[:port], no path)`,
          }
    },
  },
  { default: ['http://127.0.0.1:*', 'http://localhost:*'] },
)

/** Most proxy hops TRUST_PROXY may name: more is a misconfiguration, not a deployment. */
const MAX_PROXY_HOPS = 10

/** TRUST_PROXY: false/true (0 or 1 proxy) or the number of trusted proxies in front of the signer. */
const trustProxyHops = env.custom(
  {
    expected: `false, true (one proxy) or the number of trusted proxies, 0-${MAX_PROXY_HOPS}`,
    example: '1',
    parse: (raw) => {
      const lower = raw.toLowerCase()
      if (['true', 'yes', 'on'].includes(lower)) return { value: 1 }
      if (['false', 'no', 'off'].includes(lower)) return { value: 0 }
      if (/^[0-9]{1,2}$/.test(raw) && Number(raw) <= MAX_PROXY_HOPS) return { value: Number(raw) }
      return {
        problem: `is not false, true or a proxy count from 0 to ${MAX_PROXY_HOPS} (the number of reverse proxies that append to X-Forwarded-For)`,
      }
    },
  },
  { default: 0 },
)

const envSchema = z.object({
  SIGNER_HOST: env.string({ default: '127.0.0.1', expected: 'an interface address like 127.0.0.1 or 0.0.0.0' }),
  SIGNER_PORT: env.port({ default: 8787 }),
  CHAIN_ID: env.int({ min: 1, default: 31337, hint: '31337 is the local anvil of npm start' }),
  RPC_URL: env.url({ protocols: ['http', 'https', 'ws', 'wss'], default: 'http://127.0.0.1:8545' }),
  SIGNER_PRIVATE_KEY: env.privateKey({ optional: true, hint: "the TokenSale's compliance signer" }),
  SALE_ADDRESS: env.address({ optional: true, hint: 'the TokenSale contract; unset uses the deployment of CHAIN_ID' }),
  // Under a minute a buyer cannot confirm the wallet prompt in time; over a week a declaration
  // (country, accreditation) goes stale.
  VOUCHER_TTL_SECONDS: env.int({ min: 60, max: 604_800, default: 3_600 }),
  LIMIT_ACCREDITED_ETH: ethAmount('15000'),
  LIMIT_RETAIL_ETH: ethAmount('100'),
  CORS_ORIGINS: corsOrigins,
  LOG_LEVEL: env.oneOf(logLevels, { default: 'info' }),
  CHAIN_TIME_REFRESH: env.durationMs({ optional: true, max: 60_000, hint: 'default 5s, or 0 on local chains' }),
  // 30 a minute with bursts of 10: a buyer needs one or two vouchers per purchase; a script
  // hammering the service (each voucher costs a signature) is held to one every two seconds.
  RATE_LIMIT_PER_MINUTE: env.int({ min: 1, max: 1_000_000, default: 30 }),
  RATE_LIMIT_BURST: env.int({ min: 1, max: 1_000_000, default: 10 }),
  TRUST_PROXY: trustProxyHops,
})

/** Reads and validates the signer's environment; throws ConfigError listing every problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): SignerConfig {
  const e = loadEnv(envSchema, source, { title: 'Invalid signer configuration (see signer/.env.example)' })
  const isLocal = isLocalChain(e.CHAIN_ID)

  let privateKey = e.SIGNER_PRIVATE_KEY
  const usingDevKey = privateKey === undefined
  if (!privateKey) {
    if (!isLocal) {
      throw new ConfigError(
        `SIGNER_PRIVATE_KEY is required on chain ${e.CHAIN_ID}: set it to the private key of the ` +
          "TokenSale's compliance signer. Only local anvil chains (31337, 31338, 31339) default to anvil's public dev key.",
      )
    }
    privateKey = anvilDevSignerKey
  } else if (!isLocal && privateKey.toLowerCase() === anvilDevSignerKey) {
    throw new ConfigError(
      `SIGNER_PRIVATE_KEY is anvil's public dev key, which anyone can use; refusing to sign for chain ${e.CHAIN_ID}: set the compliance signer's own key.`,
    )
  }
  const account = privateKeyToAccount(privateKey)

  let saleAddress: Address
  if (e.SALE_ADDRESS) {
    saleAddress = e.SALE_ADDRESS
  } else {
    try {
      saleAddress = getDeployment(e.CHAIN_ID).contracts.TokenSale
    } catch (error) {
      throw new ConfigError(`${(error as Error).message} Or set SALE_ADDRESS to the TokenSale address on chain ${e.CHAIN_ID}.`, {
        cause: error,
      })
    }
  }

  if (e.LIMIT_RETAIL_ETH > e.LIMIT_ACCREDITED_ETH) {
    throw new ConfigError(
      'LIMIT_RETAIL_ETH must not exceed LIMIT_ACCREDITED_ETH: accredited investors get at least the retail limit; lower LIMIT_RETAIL_ETH or raise LIMIT_ACCREDITED_ETH.',
    )
  }

  return {
    host: e.SIGNER_HOST,
    port: e.SIGNER_PORT,
    chainId: e.CHAIN_ID,
    rpcUrl: e.RPC_URL,
    account,
    usingDevKey,
    saleAddress,
    voucherTtlSeconds: e.VOUCHER_TTL_SECONDS,
    limits: { accreditedWei: e.LIMIT_ACCREDITED_ETH, retailWei: e.LIMIT_RETAIL_ETH },
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL,
    chainTimeRefreshMs: e.CHAIN_TIME_REFRESH ?? (isLocal ? 0 : 5_000),
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, burst: e.RATE_LIMIT_BURST },
    trustProxy: e.TRUST_PROXY ?? 0, // has a default
  }
}
