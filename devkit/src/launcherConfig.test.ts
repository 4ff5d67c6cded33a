import { describe, expect, it } from 'vitest'
import { loadLauncherConfig } from './launcherConfig'
import { LauncherError } from './LauncherError'

const errorOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadLauncherConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(LauncherError)
    return (error as Error).message
  }
  throw new Error('accepted')
}

describe('loadLauncherConfig', () => {
  it('defaults to the local platform ports and chain 31337', () => {
    const config = loadLauncherConfig({})
    expect(config).toMatchObject({
      chainId: 31337,
      externalRpcUrl: undefined,
      ports: { anvil: 8545, signer: 8787, indexer: 42069, dapp: 5173 },
      databaseUrl: undefined,
      readyTimeoutMs: 180_000,
      stopGraceMs: 10_000,
    })
    expect(config.logDir).toMatch(/\.data\/logs$/)
    expect([...config.skip]).toEqual([])
  })

  it('reads overrides, and takes the chain id from an external node when CHAIN_ID is unset', () => {
    const config = loadLauncherConfig({
      RPC_URL: 'https://rpc.example.org',
      SIGNER_PORT: '9001',
      PONDER_PORT: '9002',
      DAPP_PORT: '9003',
      LAUNCH_SKIP: 'dapp, indexer',
      DATABASE_URL: 'postgresql://localhost/x',
    })
    expect(config).toMatchObject({ chainId: undefined, externalRpcUrl: 'https://rpc.example.org', databaseUrl: 'postgresql://localhost/x' })
    expect(config.ports).toMatchObject({ signer: 9001, indexer: 9002, dapp: 9003 })
    expect([...config.skip].sort()).toEqual(['dapp', 'indexer'])
  })

  it('explains bad values', () => {
    expect(errorOf({ ANVIL_PORT: '99999' })).toMatch(/ANVIL_PORT="99999" is not a TCP port/)
    expect(errorOf({ CHAIN_ID: 'abc' })).toMatch(/CHAIN_ID="abc" is not a positive integer chain id/)
    expect(errorOf({ RPC_URL: 'localhost:8545' })).toMatch(/RPC_URL=.* must be an http\(s\) JSON-RPC URL/)
    expect(errorOf({ LAUNCH_SKIP: 'anvil' })).toMatch(/unknown service "anvil"/)
    expect(errorOf({ SIGNER_PORT: '5173' })).toMatch(/signer and dapp are both set to port 5173/)
  })
})
