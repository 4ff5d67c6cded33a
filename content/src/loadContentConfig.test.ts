import { ConfigError } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { loadContentConfig } from './loadContentConfig'

describe('loadContentConfig', () => {
  it('runs the embedded node by default, files under .data/ipfs and the gateway on 8080', () => {
    expect(loadContentConfig({}, { cwd: '/srv/neuro' })).toEqual({
      kind: 'helia',
      dir: '/srv/neuro/.data/ipfs',
      gatewayHost: '127.0.0.1',
      gatewayPort: 8080,
      fetchTimeoutMs: 30_000,
      peers: [],
    })
  })

  it('uses Kubo when IPFS_RPC_URL is set', () => {
    expect(loadContentConfig({ IPFS_RPC_URL: 'http://10.0.0.5:5001', IPFS_FETCH_TIMEOUT: '2m' })).toEqual({
      kind: 'kubo',
      rpcUrl: 'http://10.0.0.5:5001',
      gatewayUrl: undefined,
      fetchTimeoutMs: 120_000,
    })
  })

  it('lists every bad variable with the fix', () => {
    let error: unknown
    try {
      loadContentConfig({
        IPFS_RPC_URL: 'localhost:5001',
        IPFS_GATEWAY_PORT: '80808',
        IPFS_FETCH_TIMEOUT: '10ms',
        IPFS_PEERS: '/ip4/127.0.0.1/tcp/4001',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const issues = (error as ConfigError).issues
    expect(issues).toHaveLength(4)
    expect(issues[0]).toMatch(/^IPFS_RPC_URL=.* (is not|uses) .*http/)
    expect(issues[1]).toContain('IPFS_GATEWAY_PORT="80808" is out of range')
    expect(issues[2]).toContain('IPFS_FETCH_TIMEOUT="10ms" is out of range: expected from 100ms to 10m')
    expect(issues[3]).toContain('without /p2p/<peer id>')
    expect((error as ConfigError).message).toContain('see content/.env.example')
  })
})
