import { burnScheduleAbi, neuroTokenAbi, tokenSaleAbi } from '@neuromation/sdk'
import { useMemo } from 'react'
import type { Abi, Address } from 'viem'
import { useApp } from '../AppContext'

// The one place the dApp pairs a contract's name with its ABI and its address on the configured
// chain. Every read and write goes through `useAppContract(name)`, so switching to the sdk's
// generated `contracts[chainId][Name]` object changes this file only.
const abis = { NeuroToken: neuroTokenAbi, TokenSale: tokenSaleAbi, BurnSchedule: burnScheduleAbi } as const

/** The contracts the dApp talks to, by their deployment name. */
export type AppContractName = keyof typeof abis

/** A contract's address and ABI, ready to spread into wagmi's read hooks and actions. */
export type AppContract<N extends AppContractName> = { address: Address; abi: (typeof abis)[N] }

/** `{ address, abi }` of the named contract on the app's chain. */
export function useAppContract<N extends AppContractName>(name: N): AppContract<N> {
  const { deployment } = useApp()
  const address = deployment.contracts[name]
  // Stable across renders, so it can sit in hook dependency lists.
  return useMemo(() => ({ address, abi: abis[name] }), [address, name])
}

/** The ABI of a named contract, for typing (e.g. decoding its events). */
export type AbiOf<N extends AppContractName> = (typeof abis)[N] & Abi
