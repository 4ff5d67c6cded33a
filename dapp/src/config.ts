// The one module that reads the build-time environment (import.meta.env). Every other module
// receives the validated AppConfig, so a bad value fails once, at start, with a clear message.

/** Where the dApp finds the chain and its off-chain services. */
export type AppConfig = {
  /** EVM chain id the app talks to; its deployment must be known to @neuromation/sdk. */
  chainId: number
  /** JSON-RPC endpoint of that chain. */
  rpcUrl: string
  /** Base URL of the Ponder indexer (GraphQL at `${indexerUrl}/graphql`). */
  indexerUrl: string
  /** Base URL of the compliance signer (vouchers at `${signerUrl}/v1/vouchers`). */
  signerUrl: string
  /** Base URL of the IPFS HTTP gateway (files at `${gatewayUrl}/ipfs/<cid>/<path>`). */
  gatewayUrl: string
  /** The example generator bundles the platform published, offered first on the post-a-job page. */
  generators: { name: string; cid: string }[]
}

type Env = Partial<
  Record<
    'VITE_CHAIN_ID' | 'VITE_RPC_URL' | 'VITE_INDEXER_URL' | 'VITE_SIGNER_URL' | 'VITE_GATEWAY_URL' | 'VITE_GENERATORS',
    string
  >
>

export const configDefaults = {
  VITE_CHAIN_ID: '31337',
  VITE_RPC_URL: 'http://127.0.0.1:8545',
  VITE_INDEXER_URL: 'http://127.0.0.1:42069',
  VITE_SIGNER_URL: 'http://127.0.0.1:8787',
  VITE_GATEWAY_URL: 'http://127.0.0.1:8080',
  VITE_GENERATORS: '',
} as const

// A CID as text, checked for shape only (the gateway verifies content against it): CIDv1 base32 or CIDv0.
const cidText = /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/

/** Thrown when the environment is invalid; `problems` lists every bad variable, not just the first. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Invalid dApp configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`)
  }
}

/** Validates `env` (empty strings count as unset) and returns the config, or throws ConfigError. */
export function parseConfig(env: Env): AppConfig {
  const problems: string[] = []
  const value = (key: keyof typeof configDefaults) => {
    const raw = env[key]?.trim()
    return raw ? raw : configDefaults[key]
  }

  const chainIdText = value('VITE_CHAIN_ID')
  const chainId = Number(chainIdText)
  if (!/^\d+$/.test(chainIdText) || !Number.isSafeInteger(chainId) || chainId <= 0) {
    problems.push(`VITE_CHAIN_ID must be a positive integer chain id (e.g. 31337), got "${chainIdText}".`)
  }

  const url = (key: 'VITE_RPC_URL' | 'VITE_INDEXER_URL' | 'VITE_SIGNER_URL' | 'VITE_GATEWAY_URL', example: string) => {
    const text = value(key)
    try {
      const parsed = new URL(text)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)')
      // Strip a trailing slash so paths can be appended with a single '/'.
      return text.replace(/\/+$/, '')
    } catch {
      problems.push(`${key} must be an http(s) URL (e.g. ${example}), got "${text}".`)
      return text
    }
  }
  const rpcUrl = url('VITE_RPC_URL', configDefaults.VITE_RPC_URL)
  const indexerUrl = url('VITE_INDEXER_URL', configDefaults.VITE_INDEXER_URL)
  const signerUrl = url('VITE_SIGNER_URL', configDefaults.VITE_SIGNER_URL)
  const gatewayUrl = url('VITE_GATEWAY_URL', configDefaults.VITE_GATEWAY_URL)

  // "digits=bafy...,shelf=bafy...": what the launcher published; empty lists none.
  const generators: AppConfig['generators'] = []
  const items = value('VITE_GENERATORS')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const item of items) {
    const [name, cid, ...rest] = item.split('=').map((s) => s.trim())
    if (!name || !cid || rest.length > 0 || !cidText.test(cid)) {
      problems.push(`VITE_GENERATORS must be comma-separated name=CID pairs (e.g. digits=bafy...), got "${item}".`)
    } else generators.push({ name, cid })
  }

  if (problems.length > 0) throw new ConfigError(problems)
  return { chainId, rpcUrl, indexerUrl, signerUrl, gatewayUrl, generators }
}

/** The app's config from the Vite environment (VITE_* variables at dev/build time). */
export function loadConfig(): AppConfig {
  return parseConfig({
    VITE_CHAIN_ID: import.meta.env.VITE_CHAIN_ID,
    VITE_RPC_URL: import.meta.env.VITE_RPC_URL,
    VITE_INDEXER_URL: import.meta.env.VITE_INDEXER_URL,
    VITE_SIGNER_URL: import.meta.env.VITE_SIGNER_URL,
    VITE_GATEWAY_URL: import.meta.env.VITE_GATEWAY_URL,
    VITE_GENERATORS: import.meta.env.VITE_GENERATORS,
  })
}
