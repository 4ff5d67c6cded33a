import { getContracts } from './getContracts'
import type { ContractName, PlatformContract } from './platformContracts'

/** One platform contract on `chainId` by name, with its typed ABI: `getContract(31337, 'TokenSale')`. */
export function getContract<name extends ContractName>(chainId: number, name: name): PlatformContract<name> {
  return getContracts(chainId)[name] as PlatformContract<name>
}
