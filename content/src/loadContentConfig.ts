// The content layer's one reader of the environment. IPFS_RPC_URL set: a Kubo node; unset: the
// embedded Helia node, with its files under IPFS_DIR and its gateway on IPFS_GATEWAY_PORT.
import { resolve } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { env, loadConfig } from '@neuromation/runtime'
import { z } from 'zod'

export type ContentConfig =
  | {
      kind: 'kubo'
      rpcUrl: string
      /** Kubo's HTTP gateway for browsers; undefined: the RPC host on port 8080. */
      gatewayUrl: string | undefined
      fetchTimeoutMs: number
    }
  | {
      kind: 'helia'
      dir: string
      gatewayHost: string
      gatewayPort: number
      fetchTimeoutMs: number
      peers: string[]
      /** Let the gateway add files (POST /api/v0/add) for the dApp; set by the local platform, not by a variable. */
      gatewayUploads?: boolean
    }

const peers = env.custom(
  {
    expected: 'a comma-separated list of multiaddrs with a peer id, like /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...',
    example: '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo',
    format: (list: string[]) => list.join(','),
    parse: (raw) => {
      const list = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
      for (const item of list) {
        try {
          const address = multiaddr(item)
          if (!address.getComponents().some((component) => component.name === 'p2p'))
            return { problem: `has "${item}" without /p2p/<peer id>` }
        } catch {
          return { problem: `has "${item}", which is not a multiaddr` }
        }
      }
      return { value: list }
    },
  },
  { default: [] },
)

const schema = z.object({
  IPFS_RPC_URL: env.url({
    optional: true,
    hint: "a Kubo node's RPC API, e.g. http://127.0.0.1:5001; unset runs the embedded node",
  }),
  IPFS_GATEWAY_URL: env.url({ optional: true, hint: "the Kubo node's gateway for browsers; unset: the RPC host on port 8080" }),
  IPFS_DIR: env.string({ default: '.data/ipfs', expected: 'a directory path' }),
  IPFS_GATEWAY_HOST: env.string({ default: '127.0.0.1', expected: 'an interface address like 127.0.0.1 or 0.0.0.0' }),
  IPFS_GATEWAY_PORT: env.port({ default: 8080, allowZero: true }),
  // Under 100 ms even a local disk read can lose the race; over 10 minutes a caller waits
  // forever in practice for content nobody has.
  IPFS_FETCH_TIMEOUT: env.durationMs({ default: 30_000, min: 100, max: 600_000 }),
  IPFS_PEERS: peers,
})

/** Reads and validates the content layer's variables; throws one ConfigError listing every problem. */
export function loadContentConfig(source: NodeJS.ProcessEnv = process.env, options: { cwd?: string } = {}): ContentConfig {
  const e = loadConfig(schema, source, { title: 'Invalid IPFS configuration (see content/.env.example)' })
  if (e.IPFS_RPC_URL) {
    return { kind: 'kubo', rpcUrl: e.IPFS_RPC_URL, gatewayUrl: e.IPFS_GATEWAY_URL, fetchTimeoutMs: e.IPFS_FETCH_TIMEOUT }
  }
  return {
    kind: 'helia',
    dir: resolve(options.cwd ?? process.cwd(), e.IPFS_DIR),
    gatewayHost: e.IPFS_GATEWAY_HOST,
    gatewayPort: e.IPFS_GATEWAY_PORT,
    fetchTimeoutMs: e.IPFS_FETCH_TIMEOUT,
    peers: e.IPFS_PEERS,
  }
}
