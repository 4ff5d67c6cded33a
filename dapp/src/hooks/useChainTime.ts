import { useEffect, useRef, useState } from 'react'
import { useBlock, useBlockNumber } from 'wagmi'

/**
 * The chain's "now" in unix seconds. A local chain may run days ahead of the wall clock after
 * time travel (evm_increaseTime), so countdowns and "due" checks follow the latest block's
 * timestamp, advanced by the wall-clock time elapsed since that block was seen. On a live chain
 * the latest block trails the wall clock by a few seconds at most, so the later of the two wins.
 * `now` is undefined until the first block arrives.
 */
export function useChainTime(): { now: number | undefined; blockNumber: bigint | undefined } {
  // The block number is watched (one light poll shared with the rest of the app) and each new
  // number fetches its block; useBlock's own watch mode lagged many seconds behind on anvil.
  const { data: latest } = useBlockNumber({ watch: true })
  const { data: block } = useBlock({ blockNumber: latest, query: { enabled: latest !== undefined } })
  const seen = useRef<{ timestamp: number; number: bigint | undefined; at: number } | undefined>(undefined)
  const [wall, setWall] = useState(() => Date.now())

  if (block && seen.current?.timestamp !== Number(block.timestamp)) {
    seen.current = { timestamp: Number(block.timestamp), number: block.number ?? undefined, at: Date.now() }
  } else if (block && seen.current) {
    seen.current.number = block.number ?? seen.current.number // same second, newer block
  }

  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])

  // While a new block is being fetched, the last one seen still counts: `now` must not drop to
  // undefined at every block (components rendered only with a time would unmount and lose state).
  if (!seen.current) return { now: undefined, blockNumber: undefined }
  const sinceSeen = Math.max(0, Math.floor((wall - seen.current.at) / 1_000))
  const now = Math.max(seen.current.timestamp + sinceSeen, Math.floor(wall / 1_000))
  return { now, blockNumber: block?.number ?? seen.current.number }
}
