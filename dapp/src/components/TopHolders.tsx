import type { Address } from 'viem'
import { useApp } from '../AppContext'
import { formatNtk, shortAddress } from '../lib/format'
import { DataTable } from './DataTable'

type Holder = { address: Address; balance: bigint }

/** The largest holders, with the platform's own contracts named. */
export function TopHolders({ holders, totalSupply }: { holders: Holder[]; totalSupply: bigint }) {
  const { deployment } = useApp()
  const names = new Map(
    Object.entries({
      'Token sale': deployment.contracts.TokenSale,
      'Burn vault': deployment.contracts.BurnSchedule,
      'Team vesting': deployment.contracts.TeamVesting,
      'Partners vesting': deployment.contracts.PartnersVesting,
      'Researchers vesting': deployment.contracts.ResearchersVesting,
    }).map(([name, address]) => [address.toLowerCase(), name]),
  )
  const share = ({ balance }: Holder) => {
    const percent = totalSupply > 0n ? Number((balance * 10_000n) / totalSupply) / 100 : 0
    return percent === 0 && balance > 0n ? '<0.01%' : `${percent.toFixed(2)}%`
  }
  return (
    <DataTable
      label="Top holders"
      rows={holders}
      rowKey={(h) => h.address}
      columns={[
        { label: '#', cell: (_, i) => i + 1 },
        {
          label: 'Holder',
          cell: (h) => (
            <>
              <code className="mono" title={h.address}>
                {shortAddress(h.address)}
              </code>
              {names.has(h.address.toLowerCase()) && <span className="tag">{names.get(h.address.toLowerCase())}</span>}
            </>
          ),
        },
        { label: 'Balance', numeric: true, cell: (h) => formatNtk(h.balance, 0) },
        { label: 'Share', numeric: true, cell: share },
      ]}
    />
  )
}
