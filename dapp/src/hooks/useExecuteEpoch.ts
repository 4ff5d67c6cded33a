import { burnScheduleAbi } from '@neuromation/sdk'
import { useCallback, useState } from 'react'
import { parseEventLogs, type Address } from 'viem'
import { useConfig } from 'wagmi'
import { simulateContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import { useTransaction } from './useTransaction'

export type EpochOutcome = { epoch: number; target: bigint; burned: bigint; shortfall: bigint; totalSupplyAfter: bigint }

/** Executes a due burn epoch (anyone may): simulate, send, wait, and read the EpochExecuted event. */
export function useExecuteEpoch(address: Address | undefined) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const tx = useTransaction()
  const [outcome, setOutcome] = useState<EpochOutcome>()

  const { run } = tx
  const execute = useCallback(
    async (epoch: number) => {
      if (!address) return
      setOutcome(undefined)
      const receipt = await run({
        simulate: () =>
          simulateContract(wagmiConfig, {
            account: address,
            address: deployment.contracts.BurnSchedule,
            abi: burnScheduleAbi,
            functionName: 'executeEpoch',
            args: [BigInt(epoch)],
          }),
        revertedMessage: 'The transaction was mined but reverted; nothing was burned.',
      })
      if (receipt?.status !== 'success') return
      const [event] = parseEventLogs({ abi: burnScheduleAbi, eventName: 'EpochExecuted', logs: receipt.logs })
      if (event) {
        const { target, burned, shortfall, totalSupplyAfter } = event.args
        setOutcome({ epoch: Number(event.args.epoch), target, burned, shortfall, totalSupplyAfter })
      }
    },
    [address, deployment, run, wagmiConfig],
  )

  return { status: tx.status, outcome, execute, busy: tx.busy }
}
