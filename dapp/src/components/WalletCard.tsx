import type { Address } from 'viem'
import { useBalance, useReadContract } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'
import { formatEth, formatNtk } from '../lib/format'
import { BurnerAccountPicker } from './BurnerAccountPicker'
import { Skeleton } from './Skeleton'
import { Stat } from './Stat'

/** The connected wallet's NTK and ETH balances and its contribution so far. */
export function WalletCard({ address }: { address: Address }) {
  const token = useAppContract('NeuroToken')
  const sale = useAppContract('TokenSale')
  const ntk = useReadContract({ ...token, functionName: 'balanceOf', args: [address] })
  const contributed = useReadContract({ ...sale, functionName: 'contributionOf', args: [address] })
  const eth = useBalance({ address })
  return (
    <section className="card" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Your wallet</h2>
      <dl className="stats stats-column">
        <Stat label="NTK balance" testId="ntk-balance" value={ntk.data === undefined ? <Skeleton /> : formatNtk(ntk.data)} />
        <Stat label="ETH balance" value={eth.data === undefined ? <Skeleton /> : formatEth(eth.data.value)} />
        <Stat
          label="Contributed to the sale"
          value={contributed.data === undefined ? <Skeleton /> : formatEth(contributed.data)}
        />
      </dl>
      <BurnerAccountPicker />
    </section>
  )
}
