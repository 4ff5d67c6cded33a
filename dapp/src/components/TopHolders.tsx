import type { Address } from 'viem'
import { useApp } from '../AppContext'
import { formatNtk, shortAddress } from '../lib/format'

/** The largest holders, with the platform's own contracts named. */
export function TopHolders({ holders, totalSupply }: { holders: { address: Address; balance: bigint }[]; totalSupply: bigint }) {
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
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label="Top holders">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Holder</th>
            <th scope="col" className="num">
              Balance
            </th>
            <th scope="col" className="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {holders.map((h, i) => {
            const balance = h.balance
            const share = totalSupply > 0n ? Number((balance * 10_000n) / totalSupply) / 100 : 0
            return (
              <tr key={h.address}>
                <td data-label="#">{i + 1}</td>
                <td data-label="Holder">
                  <code className="mono" title={h.address}>
                    {shortAddress(h.address)}
                  </code>
                  {names.has(h.address.toLowerCase()) && <span className="tag">{names.get(h.address.toLowerCase())}</span>}
                </td>
                <td className="num" data-label="Balance">
                  {formatNtk(balance, 0)}
                </td>
                <td className="num" data-label="Share">
                  {share === 0 && balance > 0n ? '<0.01%' : `${share.toFixed(2)}%`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
