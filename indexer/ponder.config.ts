// Ponder loads this file itself. Everything chain-specific comes from the environment (parsed in
// src/config.ts) and from the sdk's generated deployment for that chain, never hand-copied.
import { type ContractName, getContracts, isLocalChain } from '@neuromation/sdk'
import { createConfig } from 'ponder'
import { createApiPgClient } from './src/api/createApiPgClient'
import { loadConfig } from './src/config'

const indexerConfig = loadConfig()
const platform = getContracts(indexerConfig.chainId)
const chain = 'chain' as const
/** A platform contract from the sdk's generated `contracts` object, indexed from its deployment block. */
const indexed = <name extends ContractName>(name: name) => {
  const { abi, address, startBlock } = platform[name]
  return { chain, abi, address, startBlock }
}

/**
 * PostgreSQL pool settings. The API process (`ponder serve`, as the read-only role) gets the
 * statement timeout, a pool no larger than the role's connection limit and a client that fails
 * cancelled queries at once (src/api/createApiPgClient.ts); the indexing process keeps Ponder's
 * defaults (its writes must never be cut off).
 */
const poolConfig =
  indexerConfig.processRole === 'api'
    ? {
        max: indexerConfig.apiMaxConnections,
        statement_timeout: indexerConfig.apiStatementTimeoutMs,
        Client: createApiPgClient({
          schema: indexerConfig.databaseSchema,
          statementTimeoutMs: indexerConfig.apiStatementTimeoutMs,
        }),
      }
    : undefined

/**
 * Ponder paces each RPC URL it is given, starting at 20 requests a second and raising that slowly,
 * which protects a public provider's quota. A local anvil has no quota, but at that pace a burst of
 * blocks (a test scenario, a demo script) queued requests for seconds: the market scenario's 169
 * blocks took ~30 s to index. The same local URL given several times is as many paced lanes.
 */
const LOCAL_RPC_LANES = 8

export default createConfig({
  database: indexerConfig.databaseUrl
    ? { kind: 'postgres', connectionString: indexerConfig.databaseUrl, poolConfig }
    : { kind: 'pglite', directory: indexerConfig.pgliteDir },
  chains: {
    [chain]: {
      id: indexerConfig.chainId,
      rpc: isLocalChain(indexerConfig.chainId) ? Array(LOCAL_RPC_LANES).fill(indexerConfig.rpcUrl) : indexerConfig.rpcUrl,
      pollingInterval: indexerConfig.pollingIntervalMs,
      // Ponder's documented setting for local nodes: a restarted anvil reuses the chain id, so
      // block ranges cached from an earlier run must not be trusted (see bin/preparePostgres.ts).
      disableCache: isLocalChain(indexerConfig.chainId),
    },
  },
  // The contracts that have handlers in src/; each entry is its name in the generated object.
  contracts: {
    NeuroToken: indexed('NeuroToken'),
    TokenSale: indexed('TokenSale'),
    BurnSchedule: indexed('BurnSchedule'),
    NodeRegistry: indexed('NodeRegistry'),
    JobMarket: indexed('JobMarket'),
  },
})
