// The signer's one reader of process.env: validated with zod, failing fast with a message that
// names each bad variable and what to set instead. Everything else receives a SignerConfig.
import { anvilAccounts, getDeployment, isLocalChain } from '@neuromation/sdk'
import { getAddress, isAddress, isHex, parseEther, type Address, type Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { z } from 'zod'
import { logLevels, type LogLevel } from './logger'

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
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

const ethAmount = (name: string, fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(fallback)
      .transform((value, ctx) => {
        try {
          const wei = parseEther(value.trim())
          if (wei > 0n) return wei
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: `${name} must be a positive ETH amount like "100" or "0.5" (got "${value}")` })
        return z.NEVER
      }),
  )

const envSchema = z.object({
  SIGNER_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  SIGNER_PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'SIGNER_PORT must be a TCP port number (1-65535)' })
      .int()
      .min(1, 'SIGNER_PORT must be a TCP port number (1-65535)')
      .max(65_535, 'SIGNER_PORT must be a TCP port number (1-65535)')
      .default(8787),
  ),
  CHAIN_ID: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'CHAIN_ID must be a positive integer chain id, e.g. 31337 for local anvil' })
      .int()
      .positive('CHAIN_ID must be a positive integer chain id, e.g. 31337 for local anvil')
      .default(31337),
  ),
  RPC_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^(https?|wss?)$/, error: 'RPC_URL must be an http(s) or ws(s) URL of the chain\'s JSON-RPC endpoint' }).default('http://127.0.0.1:8545'),
  ),
  SIGNER_PRIVATE_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => isHex(value) && value.length === 66, {
        // Never echo the value: it is (or is meant to be) a secret.
        error: 'SIGNER_PRIVATE_KEY must be a 32-byte hex private key: 0x followed by 64 hex digits',
      })
      .optional(),
  ),
  SALE_ADDRESS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => isAddress(value, { strict: false }), {
        error: 'SALE_ADDRESS must be a 0x-prefixed 20-byte address of the TokenSale contract',
      })
      .optional(),
  ),
  VOUCHER_TTL_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'VOUCHER_TTL_SECONDS must be a whole number of seconds' })
      .int('VOUCHER_TTL_SECONDS must be a whole number of seconds')
      // Under a minute a buyer cannot confirm the wallet prompt in time; over a week a declaration
      // (country, accreditation) goes stale.
      .min(60, 'VOUCHER_TTL_SECONDS must be at least 60 (a buyer needs time to confirm the purchase)')
      .max(604_800, 'VOUCHER_TTL_SECONDS must be at most 604800 (7 days): declarations go stale')
      .default(3_600),
  ),
  LIMIT_ACCREDITED_ETH: ethAmount('LIMIT_ACCREDITED_ETH', '15000'),
  LIMIT_RETAIL_ETH: ethAmount('LIMIT_RETAIL_ETH', '100'),
  CORS_ORIGINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('http://127.0.0.1:*,http://localhost:*')
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
      .refine((origins) => origins.every((origin) => origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin)), {
        error:
          'CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com or http://127.0.0.1:* (no paths), or *',
      }),
  ),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(logLevels, { error: `LOG_LEVEL must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
})

/** Reads and validates the signer's environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SignerConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.path.join('.') || 'env'}: ${issue.message}`)
    throw new ConfigError(`Invalid signer configuration (see signer/.env.example):\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const isLocal = isLocalChain(e.CHAIN_ID)

  let privateKey = e.SIGNER_PRIVATE_KEY as Hex | undefined
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
      `SIGNER_PRIVATE_KEY is anvil's public dev key, which anyone can use; refusing to sign for chain ${e.CHAIN_ID}.`,
    )
  }
  let account: PrivateKeyAccount
  try {
    account = privateKeyToAccount(privateKey)
  } catch {
    throw new ConfigError('SIGNER_PRIVATE_KEY is not a valid secp256k1 private key (zero or above the curve order).')
  }

  let saleAddress: Address
  if (e.SALE_ADDRESS) {
    saleAddress = getAddress(e.SALE_ADDRESS)
  } else {
    try {
      saleAddress = getDeployment(e.CHAIN_ID).contracts.TokenSale
    } catch (error) {
      throw new ConfigError(
        `${(error as Error).message} Or set SALE_ADDRESS to the TokenSale address on chain ${e.CHAIN_ID}.`,
      )
    }
  }

  if (e.LIMIT_RETAIL_ETH > e.LIMIT_ACCREDITED_ETH) {
    throw new ConfigError(
      'LIMIT_RETAIL_ETH must not exceed LIMIT_ACCREDITED_ETH: accredited investors get at least the retail limit.',
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
  }
}
