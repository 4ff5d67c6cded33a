import { ConfigError } from '@neuromation/runtime'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { describe, expect, it } from 'vitest'
import { loadLauncherConfig } from './launcherConfig'

const errorOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadLauncherConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('accepted')
}

describe('loadLauncherConfig', () => {
  it('defaults to the local platform ports, chain 31337 and an embedded database', () => {
    const config = loadLauncherConfig({})
    expect(config).toMatchObject({
      chainId: 31337,
      externalRpcUrl: undefined,
      ports: {
        anvil: 8545,
        database: 54329,
        ipfs: 8080,
        signer: 8787,
        indexer: 42069,
        dapp: 5173,
        'executor-1': 9464,
        'executor-2': 9465,
        'executor-3': 9466,
      },
      databaseUrl: undefined,
      readyTimeoutMs: 180_000,
      stopGraceMs: 10_000,
    })
    expect(config.logDir).toMatch(/\.data\/logs$/)
    expect([...config.skip]).toEqual([])
    expect(config.anvilArgs).toEqual(['--block-time', '5', '--mixed-mining'])
  })

  it('mines an empty block every ANVIL_BLOCK_TIME seconds beside automine, or none with 0', () => {
    expect(loadLauncherConfig({ ANVIL_BLOCK_TIME: '12' }).anvilArgs).toEqual(['--block-time', '12', '--mixed-mining'])
    expect(loadLauncherConfig({ ANVIL_BLOCK_TIME: '0' }).anvilArgs).toEqual([])
    expect(errorOf({ ANVIL_BLOCK_TIME: '-1' })).toMatch(/ANVIL_BLOCK_TIME="-1"/)
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
    expect(config).toMatchObject({
      chainId: undefined,
      externalRpcUrl: 'https://rpc.example.org',
      databaseUrl: 'postgresql://localhost/x',
    })
    expect(config.ports).toMatchObject({ signer: 9001, indexer: 9002, dapp: 9003 })
    expect([...config.skip].sort()).toEqual(['dapp', 'indexer'])
  })

  it('explains bad values, naming the variable and the fix', () => {
    expect(errorOf({ ANVIL_PORT: '99999' })).toMatch(
      /ANVIL_PORT="99999" is out of range: expected a port number \(1-65535\); set ANVIL_PORT=8545 or unset it/,
    )
    expect(errorOf({ CHAIN_ID: 'abc' })).toMatch(/CHAIN_ID="abc" is not a whole number/)
    expect(errorOf({ RPC_URL: 'localhost:8545' })).toMatch(/RPC_URL=.* (is not|uses) .*http or https URL/)
    expect(errorOf({ DATABASE_URL: 'mysql://x' })).toMatch(/DATABASE_URL=.* uses mysql:, expected a postgresql or postgres URL/)
    expect(errorOf({ LAUNCH_SKIP: 'anvil' })).toMatch(
      /unknown service "anvil"; use a comma-separated subset of database, ipfs, signer, indexer, dapp/,
    )
    expect(errorOf({ SIGNER_PORT: '5173' })).toMatch(/SIGNER_PORT and DAPP_PORT are both 5173/)
    expect(errorOf({ EXECUTOR_2_METRICS_PORT: '8080' })).toMatch(/IPFS_GATEWAY_PORT and EXECUTOR_2_METRICS_PORT are both 8080/)
  })

  it('checks SIGNER_PRIVATE_KEY before anything starts, without echoing it', () => {
    const message = errorOf({ SIGNER_PRIVATE_KEY: '0x1234' })
    expect(message).toMatch(
      /SIGNER_PRIVATE_KEY \(value hidden\) is not a 32-byte hex private key \(0x followed by 64 hex digits\); set SIGNER_PRIVATE_KEY to a 32-byte hex private key .* or unset it/,
    )
    expect(message).not.toContain('0x1234')
    expect(loadLauncherConfig({ SIGNER_PRIVATE_KEY: anvilAccounts[1].privateKey }).chainId).toBe(31337)
  })

  it('says once how to get a local anvil instead of a bad RPC_URL', () => {
    expect(errorOf({ RPC_URL: 'notaurl' })).toMatch(
      /RPC_URL="notaurl" is not a http or https URL; set RPC_URL to a http or https URL or unset it \(to start a local anvil\)\.$/,
    )
  })

  it("refuses the test suites' chain 31338 for the local anvil, saying why and what to use", () => {
    expect(errorOf({ CHAIN_ID: '31338' })).toMatch(
      /CHAIN_ID=31338 is reserved for the test suites: .*deployments\/31338\.json.*; unset CHAIN_ID for npm start's 31337/,
    )
    // An external node's chain id is the node's: nothing is deployed there.
    expect(loadLauncherConfig({ RPC_URL: 'http://127.0.0.1:9999', CHAIN_ID: '31338' }).chainId).toBe(31338)
  })

  it('lets a skipped or external service share a port number, since it will not listen', () => {
    expect(loadLauncherConfig({ DAPP_PORT: '8787', LAUNCH_SKIP: 'dapp' }).ports.dapp).toBe(8787)
    expect(loadLauncherConfig({ RPC_URL: 'http://127.0.0.1:9999', ANVIL_PORT: '8787', CHAIN_ID: '1' }).externalRpcUrl).toBe(
      'http://127.0.0.1:9999',
    )
  })
})
