// Ponder loads this file itself. Everything chain-specific comes from the environment (parsed in
// src/config.ts) and from the sdk's generated deployment for that chain, never hand-copied.
import { getContracts, type ContractName } from '@neuromation/sdk'
import { createConfig } from 'ponder'
import { loadConfig } from './src/config'

const indexerConfig = loadConfig()
const platform = getContracts(indexerConfig.chainId)
const chain = 'chain' as const
/** A platform contract from the sdk's generated `contracts` object, indexed from its deployment block. */
const indexed = <name extends ContractName>(name: name) => {
  const { abi, address, startBlock } = platform[name]
  return { chain, abi, address, startBlock }
}

export default createConfig({
  database: indexerConfig.databaseUrl
    ? { kind: 'postgres', connectionString: indexerConfig.databaseUrl }
    : { kind: 'pglite', directory: indexerConfig.pgliteDir },
  chains: {
    [chain]: {
      id: indexerConfig.chainId,
      rpc: indexerConfig.rpcUrl,
      pollingInterval: indexerConfig.pollingIntervalMs,
    },
  },
  // The contracts that have handlers in src/; each entry is its name in the generated object.
  contracts: {
    NeuroToken: indexed('NeuroToken'),
    TokenSale: indexed('TokenSale'),
    BurnSchedule: indexed('BurnSchedule'),
  },
})
