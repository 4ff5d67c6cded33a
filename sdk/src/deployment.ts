import type { Address } from 'viem'
import type { ContractName } from './platformContracts'

/** What script/Deploy.s.sol writes to deployments/<chainId>.json, for every contract it deployed. */
export type DeploymentFile = {
  chainId: number
  /** Block at which indexing may start (the block before the first deployment transaction). */
  startBlock: number
  /** Unix time the schedule offsets were measured from. */
  anchor: number
  complianceSigner: Address
  contracts: Record<string, { address: Address; artifact: string; startBlock: number }>
}

/**
 * A deployment as an address book: the metadata of deployments/<chainId>.json and each platform
 * contract's address by name. For ABIs and start blocks too, use `getContracts(chainId)`.
 */
export type Deployment = {
  chainId: number
  startBlock: number
  anchor: number
  complianceSigner: Address
  contracts: Record<ContractName, Address>
}
