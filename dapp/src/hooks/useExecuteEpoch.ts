import { burnScheduleAbi, describeError } from '@neuromation/sdk'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { parseEventLogs, type Address } from 'viem'
import { useConfig } from 'wagmi'
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import type { BuyStatus } from './useBuy'

export type EpochOutcome = { epoch: number; target: bigint; burned: bigint; shortfall: bigint; totalSupplyAfter: bigint }

/** Executes a due burn epoch (anyone may): simulate, send, wait, and read the EpochExecuted event. */
export function useExecuteEpoch(address: Address | undefined) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<BuyStatus>({ step: 'idle' })
  const [outcome, setOutcome] = useState<EpochOutcome>()

  const execute = useCallback(
    async (epoch: number) => {
      if (!address) return
      setOutcome(undefined)
      let hash: `0x${string}` | undefined
      try {
        setStatus({ step: 'simulating' })
        const { request } = await simulateContract(wagmiConfig, {
          account: address,
          address: deployment.contracts.BurnSchedule,
          abi: burnScheduleAbi,
          functionName: 'executeEpoch',
          args: [BigInt(epoch)],
        })
        setStatus({ step: 'wallet' })
        hash = await writeContract(wagmiConfig, request)
        setStatus({ step: 'pending', hash })
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash })
        if (receipt.status !== 'success') {
          setStatus({ step: 'failed', hash, message: 'The transaction was mined but reverted; nothing was burned.' })
          return
        }
        const [event] = parseEventLogs({ abi: burnScheduleAbi, eventName: 'EpochExecuted', logs: receipt.logs })
        if (event) {
          const { target, burned, shortfall, totalSupplyAfter } = event.args
          setOutcome({ epoch: Number(event.args.epoch), target, burned, shortfall, totalSupplyAfter })
        }
        setStatus({ step: 'confirmed', hash, receipt })
      } catch (error) {
        setStatus({ step: 'failed', message: describeError(error), hash })
      } finally {
        void queryClient.invalidateQueries()
      }
    },
    [address, deployment, queryClient, wagmiConfig],
  )

  const busy = status.step === 'simulating' || status.step === 'wallet' || status.step === 'pending'
  return { status, outcome, execute, busy }
}
