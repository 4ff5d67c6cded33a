import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config'

describe('loadConfig', () => {
  it('defaults to the local chain, embedded PGlite and a fast poll', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      databaseUrl: undefined,
      databaseSchema: 'neuro',
      port: 42069,
      hostname: '127.0.0.1',
      pollingIntervalMs: 250,
    })
    expect(config.pgliteDir).toMatch(/indexer\/\.ponder\/pglite$/)
  })

  it('reads every variable and polls slower on public chains', () => {
    const config = loadConfig({
      CHAIN_ID: '11155111',
      RPC_URL: 'wss://rpc.example/ws',
      DATABASE_URL: 'postgresql://u:p@db:5432/neuro',
      DATABASE_SCHEMA: 'neuro_sepolia',
      PONDER_PORT: '42100',
      PONDER_HOST: '0.0.0.0',
      PGLITE_DIR: '/var/lib/neuro/pglite',
    })
    expect(config).toMatchObject({
      chainId: 11155111,
      rpcUrl: 'wss://rpc.example/ws',
      databaseUrl: 'postgresql://u:p@db:5432/neuro',
      databaseSchema: 'neuro_sepolia',
      port: 42100,
      hostname: '0.0.0.0',
      pgliteDir: '/var/lib/neuro/pglite',
      pollingIntervalMs: 2_000,
    })
  })

  it.each([
    [{ CHAIN_ID: '0x7a69' }, /CHAIN_ID="0x7a69" is not a whole number >= 1; set CHAIN_ID=31337/],
    [{ PONDER_PORT: '70000' }, /PONDER_PORT="70000" is out of range: expected a port number \(1-65535\)/],
    [{ RPC_URL: 'localhost:8545' }, /RPC_URL=.* uses localhost:, expected a http or https or ws or wss URL/],
    [{ RPC_URL: 'not a url' }, /RPC_URL="not a url" is not a http or https or ws or wss URL/],
    [{ DATABASE_URL: 'mysql://u:secret@db/x' }, /DATABASE_URL=.* uses mysql:, expected a postgres or postgresql URL/],
    [{ DATABASE_SCHEMA: 'Neuro-1' }, /DATABASE_SCHEMA="Neuro-1" must be lower-case/],
    [{ DATABASE_SCHEMA: 'ponder_sync' }, /reserved/],
    [{ POLLING_INTERVAL_MS: '10' }, /POLLING_INTERVAL_MS="10" is out of range: expected a whole number from 50 to 60000/],
    [{ API_STATEMENT_TIMEOUT: '5' }, /API_STATEMENT_TIMEOUT="5" is out of range: expected from 100ms to 1m/],
    [{ GRAPHQL_MAX_DEPTH: '2' }, /GRAPHQL_MAX_DEPTH="2" is out of range/],
    [{ API_DATABASE_URL: 'postgresql://r:p@db/x' }, /API_DATABASE_URL is set without DATABASE_URL/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('never echoes a database password in its errors', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret@db/x' })).not.toThrow(/secret/)
  })

  it('defaults the API limits and reads them', () => {
    expect(loadConfig({})).toMatchObject({
      apiStatementTimeoutMs: 1_000,
      apiMaxConnections: 8,
      graphql: { maxDepth: 8, maxComplexity: 10_000, maxListSize: 1_000 },
      processRole: 'all',
    })
    expect(
      loadConfig({
        API_STATEMENT_TIMEOUT: '2s',
        API_MAX_CONNECTIONS: '20',
        GRAPHQL_MAX_DEPTH: '6',
        GRAPHQL_MAX_COMPLEXITY: '1000',
        GRAPHQL_MAX_LIST: '200',
        INDEXER_PROCESS_ROLE: 'api',
      }),
    ).toMatchObject({
      apiStatementTimeoutMs: 2_000,
      apiMaxConnections: 20,
      graphql: { maxDepth: 6, maxComplexity: 1_000, maxListSize: 200 },
      processRole: 'api',
    })
  })
})
