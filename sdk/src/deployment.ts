import type { Address } from 'viem'

/** What script/Deploy.s.sol writes to deployments/<chainId>.json. */
export type Deployment = {
  chainId: number
  /** Block at which indexing may start (the block before the first deployment transaction). */
  startBlock: number
  /** Unix time the schedule offsets were measured from. */
  anchor: number
  complianceSigner: Address
  contracts: {
    NeuroToken: Address
    TokenSale: Address
    BurnSchedule: Address
    TeamVesting: Address
    PartnersVesting: Address
    ResearchersVesting: Address
  }
}
