import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem'
import { useAccount, useConfig } from 'wagmi'
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'
import { describeWriteError } from '../lib/describeWriteError'
import { useAppContract, type AbiOf, type AppContractName } from './useAppContract'

/** Where a contract write stands, from its preparation to its receipt (rendered by TxStatus). */
export type TxState =
  | { step: 'idle' }
  | { step: 'preparing'; text: string }
  | { step: 'simulating' }
  | { step: 'wallet' }
  | { step: 'pending'; hash: Hash }
  | { step: 'confirmed'; hash: Hash; receipt: TransactionReceipt }
  | { step: 'failed'; message: string; hash?: Hash }

type Mutability = 'nonpayable' | 'payable'

/** The state-changing functions of a contract, by name, from its ABI. */
export type WriteFunctionName<N extends AppContractName> = ContractFunctionName<AbiOf<N>, Mutability>

type Args<N extends AppContractName, F extends WriteFunctionName<N>> = ContractFunctionArgs<AbiOf<N>, Mutability, F>

/** What one write sends: the function's arguments (typed from the ABI) and the ETH value. */
export type WriteCall<N extends AppContractName, F extends WriteFunctionName<N>> = (readonly [] extends Args<N, F>
  ? { args?: Args<N, F> }
  : { args: Args<N, F> }) & { value?: bigint }

/** Reports a preparation step (e.g. fetching a voucher) while a call is being assembled. */
export type ReportProgress = (text: string) => void

export type ContractWriteOptions = {
  /** Shown when the transaction is mined but reverts (the simulation passed against an older block). */
  revertedMessage: string
  /** Turns a thrown error into the message shown; defaults to describeWriteError. */
  describeFailure?: (error: unknown) => string
}

/**
 * The dApp's one contract-write machine: `write(call)` simulates `contract.functionName(args)` so
 * a revert is explained (by error name, sdk describeError) before the wallet opens, asks the
 * wallet to send it, follows it to its receipt and refreshes the app's queries. `call` may be a
 * function that assembles the arguments first (reporting its progress), e.g. fetching a voucher.
 * `write` resolves with the receipt once mined, reverted or not, and with undefined when it failed
 * before that; `status` says where it stands for TxStatus.
 */
export function useContractWrite<N extends AppContractName, F extends WriteFunctionName<N>>(
  name: N,
  functionName: F,
  options: ContractWriteOptions,
) {
  const contract = useAppContract(name)
  const { address: account } = useAccount()
  const wagmiConfig = useConfig()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<TxState>({ step: 'idle' })
  const { revertedMessage, describeFailure } = options

  const write = useCallback(
    async (call: WriteCall<N, F> | ((report: ReportProgress) => Promise<WriteCall<N, F>>)): Promise<TransactionReceipt | undefined> => {
      let hash: Hash | undefined
      try {
        if (!account) throw new Error('Connect a wallet first.')
        const { args, value } =
          typeof call === 'function' ? await call((text) => setStatus({ step: 'preparing', text })) : call
        setStatus({ step: 'simulating' })
        // The ABI-typed call is checked at the caller (WriteCall); wagmi cannot follow a generic
        // contract name through its overloads, hence the cast.
        const { request } = await simulateContract(wagmiConfig, {
          account,
          address: contract.address,
          abi: contract.abi,
          functionName,
          args,
          value,
        } as never)
        setStatus({ step: 'wallet' })
        hash = await writeContract(wagmiConfig, request)
        setStatus({ step: 'pending', hash })
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash })
        if (receipt.status === 'success') setStatus({ step: 'confirmed', hash, receipt })
        else setStatus({ step: 'failed', hash, message: revertedMessage })
        return receipt
      } catch (error) {
        setStatus({ step: 'failed', hash, message: (describeFailure ?? describeWriteError)(error) })
        return undefined
      } finally {
        // Balances, sale totals and indexed history may have changed. Voucher queries are left to
        // useEligibility: refetching one asks the signer for a new voucher.
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'voucher' })
      }
    },
    [account, contract, describeFailure, functionName, queryClient, revertedMessage, wagmiConfig],
  )

  const reset = useCallback(() => setStatus({ step: 'idle' }), [])
  const busy = status.step === 'preparing' || status.step === 'simulating' || status.step === 'wallet' || status.step === 'pending'
  return { status, write, reset, busy }
}

export type ContractWrite = ReturnType<typeof useContractWrite>
