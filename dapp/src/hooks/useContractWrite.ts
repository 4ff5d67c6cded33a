import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Client, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem'
import { useAccount, useConfig } from 'wagmi'
import { getConnectorClient, simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'
import { describeWriteError } from '../lib/describeWriteError'
import { type AbiOf, type AppContractName, useAppContract } from './useAppContract'

/** Where a contract write stands, from its preparation to its receipt (rendered by TxStatus). */
export type TxState =
  | { step: 'idle' }
  | { step: 'preparing'; text: string }
  | { step: 'simulating' }
  | { step: 'wallet' }
  /** An sdk action checks (simulates) and asks the wallet in one call. */
  | { step: 'sending' }
  | { step: 'pending'; hash: Hash }
  | { step: 'confirmed'; hash: Hash; receipt: TransactionReceipt }
  | { step: 'failed'; message: string; hash?: Hash }

type Mutability = 'nonpayable' | 'payable'

/** The state-changing functions of a contract, by name, from its ABI. */
export type WriteFunctionName<N extends AppContractName> = ContractFunctionName<AbiOf<N>, Mutability>

type Args<N extends AppContractName, F extends WriteFunctionName<N>> = ContractFunctionArgs<AbiOf<N>, Mutability, F>

/** What one contract-function write sends: the arguments (typed from the ABI) and the ETH value. */
export type WriteCall<N extends AppContractName, F extends WriteFunctionName<N>> = (readonly [] extends Args<N, F>
  ? { args?: Args<N, F> }
  : { args: Args<N, F> }) & { value?: bigint }

/**
 * An sdk contract action in viem's `(client, params)` shape (e.g. buyTokens, finalizeSale): it
 * simulates and sends, and returns the transaction hash (alone or as `{ hash }`).
 */
export type SdkAction<P> = (client: Client, params: P) => Promise<Hash | { hash: Hash }>

/** Reports a preparation step (e.g. fetching a voucher) while a call is being assembled. */
export type ReportProgress = (text: string) => void

export type ContractWriteOptions = {
  /** Shown when the transaction is mined but reverts (the simulation passed against an older block). */
  revertedMessage: string
  /** Turns a thrown error into the message shown; defaults to describeWriteError. */
  describeFailure?: (error: unknown) => string
}

/** `write(call)`: `call` directly, or a function that assembles it first, reporting its progress. */
export type Write<C> = (call: C | ((report: ReportProgress) => Promise<C>)) => Promise<TransactionReceipt | undefined>

export type ContractWrite<C> = { status: TxState; write: Write<C>; reset: () => void; busy: boolean }

/**
 * The dApp's one contract-write machine, for a contract function named from its ABI
 * (`useContractWrite('TokenSale', 'withdraw', ...)`, then `write({ args, value })`) or for an sdk
 * action (`useContractWrite(buyTokens, ...)`, then `write(params)`). Either way the write is
 * simulated first, so a revert is explained by its error name (sdk describeError) before the
 * wallet opens; then the wallet sends it, the hook follows it to its receipt and refreshes the
 * app's queries. `write` resolves with the receipt once mined, reverted or not, and with undefined
 * when it failed before that; `status` says where it stands for TxStatus.
 */
export function useContractWrite<N extends AppContractName, F extends WriteFunctionName<N>>(
  name: N,
  functionName: F,
  options: ContractWriteOptions,
): ContractWrite<WriteCall<N, F>>
export function useContractWrite<P>(action: SdkAction<P>, options: ContractWriteOptions): ContractWrite<P>
export function useContractWrite(
  target: AppContractName | SdkAction<unknown>,
  functionOrOptions: string | ContractWriteOptions,
  maybeOptions?: ContractWriteOptions,
): ContractWrite<unknown> {
  const action = typeof target === 'function' ? target : undefined
  const functionName = typeof functionOrOptions === 'string' ? functionOrOptions : undefined
  const { revertedMessage, describeFailure } = (typeof functionOrOptions === 'string' ? maybeOptions : functionOrOptions)!
  // Hooks run unconditionally; with an sdk action the contract is the action's business.
  const contract = useAppContract(typeof target === 'string' ? target : 'TokenSale')
  const { address: account } = useAccount()
  const wagmiConfig = useConfig()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<TxState>({ step: 'idle' })

  const send = useCallback(
    async (call: unknown): Promise<Hash> => {
      if (action) {
        setStatus({ step: 'sending' })
        const client = await getConnectorClient(wagmiConfig)
        const sent = await action(client, call)
        return typeof sent === 'string' ? sent : sent.hash
      }
      const { args, value } = call as { args?: readonly unknown[]; value?: bigint }
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
      return writeContract(wagmiConfig, request)
    },
    [account, action, contract, functionName, wagmiConfig],
  )

  const write = useCallback<Write<unknown>>(
    async (call) => {
      let hash: Hash | undefined
      try {
        if (!account) throw new Error('Connect a wallet first.')
        const ready =
          typeof call === 'function'
            ? await (call as (report: ReportProgress) => Promise<unknown>)((text) => setStatus({ step: 'preparing', text }))
            : call
        hash = await send(ready)
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
    [account, describeFailure, queryClient, revertedMessage, send, wagmiConfig],
  )

  const reset = useCallback(() => setStatus({ step: 'idle' }), [])
  const busy = ['preparing', 'simulating', 'wallet', 'sending', 'pending'].includes(status.step)
  return { status, write, reset, busy }
}
