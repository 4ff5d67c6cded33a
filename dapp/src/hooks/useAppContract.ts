import { type ContractName, getContract, type PlatformContract } from '@neuromation/sdk'
import { useMemo } from 'react'
import type { Abi } from 'viem'
import { useApp } from '../AppContext'

/** A platform contract's name, as the deploy library records it (e.g. 'TokenSale'). */
export type AppContractName = ContractName

/** A contract's address, typed ABI and start block on the app's chain, ready to spread into wagmi's hooks. */
export type AppContract<N extends AppContractName> = PlatformContract<N>

/** The ABI of a named contract, for typing (e.g. function names, decoding its events). */
export type AbiOf<N extends AppContractName> = PlatformContract<N>['abi'] & Abi

/**
 * `{ address, abi, startBlock }` of the named contract on the app's chain, from the sdk's
 * generated contracts object (declared once, by codegen from the deployment). main.tsx renders
 * the app only for a chain that has a deployment, so the lookup cannot miss here.
 */
export function useAppContract<N extends AppContractName>(name: N): AppContract<N> {
  const { deployment } = useApp()
  // Stable across renders, so it can sit in hook dependency lists.
  return useMemo(() => getContract(deployment.chainId, name), [deployment.chainId, name])
}
