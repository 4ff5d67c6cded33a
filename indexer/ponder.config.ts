// Ponder loads this file itself. Everything chain-specific comes from the environment (parsed in
// src/config.ts) and from the sdk's generated deployment for that chain, never hand-copied.
import { burnScheduleAbi, getDeployment, neuroTokenAbi, tokenSaleAbi } from '@neuromation/sdk'
import { createConfig } from 'ponder'
import { loadConfig } from './src/config'

const indexerConfig = loadConfig()
const deployment = getDeployment(indexerConfig.chainId)
const chain = 'chain' as const

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
  contracts: {
    NeuroToken: {
      chain,
      abi: neuroTokenAbi,
      address: deployment.contracts.NeuroToken,
      startBlock: deployment.startBlock,
    },
    TokenSale: {
      chain,
      abi: tokenSaleAbi,
      address: deployment.contracts.TokenSale,
      startBlock: deployment.startBlock,
    },
    BurnSchedule: {
      chain,
      abi: burnScheduleAbi,
      address: deployment.contracts.BurnSchedule,
      startBlock: deployment.startBlock,
    },
  },
})
