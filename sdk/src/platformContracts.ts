import type { Address } from 'viem'
import type { contractAbis } from './generated/contracts'

/** A platform contract's name, as script/lib/PlatformDeployer.sol records it (e.g. 'TokenSale'). */
export type ContractName = keyof typeof contractAbis

/** One deployed platform contract: where it is, its typed ABI and the first block to index. */
export type PlatformContract<name extends ContractName = ContractName> = {
  address: Address
  abi: (typeof contractAbis)[name]
  startBlock: number
}

/** Every platform contract of one chain, by name. */
export type PlatformContracts = { [name in ContractName]: PlatformContract<name> }
