// The "ready" summary of `npm start`: where each service is, the contracts, the local test
// accounts with their roles (derived from script/config/local.json, not restated), and how to
// walk the sale through its phases with anvil time travel.
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { localExecutors } from './services/executorService'

export type LocalDeployConfig = {
  schedule: { presaleOffset: number; presaleDuration: number; saleOffset: number; saleDuration: number; weekLength: number }
  complianceSigner: string
  guardian: string
  recipients: Record<string, string>
  genesis: Record<string, string>
  burn: { epochOffsets: number[] }
}

export type SummaryInput = {
  chainId: number
  rpcUrl: string
  localChain: boolean
  urls: { dapp?: string; graphql?: string; signer?: string; database?: string; ipfs?: string }
  /** The local executors started, with their metrics URLs (each serves /status beside /metrics). */
  executors?: { name: string; account: number; metricsUrl: string }[]
  /** The embedded IPFS node's multiaddr: what another executor's embedded node must dial (EXECUTOR_IPFS_PEERS). */
  ipfsPeer?: string
  /** Generator bundles published at start, by name: their directory CIDs (opened on urls.ipfs). */
  generators?: Record<string, string>
  skipped: { service: string; reason: string }[]
  /** deployments/<chainId>.json as written by the deploy script (only its contract addresses are shown). */
  deployment: { contracts?: Record<string, unknown> } | undefined
  deployConfig: LocalDeployConfig | undefined
  /** Where the services' logs are, relative to the repository root. */
  logDir: string
  color: boolean
}

const words = (key: string) => key.replace(/([A-Z])/g, ' $1').toLowerCase()

/**
 * What each anvil account does in the deploy config, by index: roles, which shares of the raised
 * ETH it may withdraw, and which genesis NTK allocations it holds (account #0 also deploys).
 */
export function accountRoles(config: LocalDeployConfig): string[] {
  const indexOf = (address: string) => anvilAccounts.findIndex((a) => a.address.toLowerCase() === address.toLowerCase())
  const roles = anvilAccounts.map(() => ({ roles: [] as string[], eth: [] as string[], ntk: [] as string[] }))
  roles[0].roles.push('deployer')
  const add = (address: string, list: 'roles' | 'eth' | 'ntk', label: string) => {
    const i = indexOf(address)
    if (i >= 0) roles[i][list].push(label)
  }
  add(config.guardian, 'roles', 'guardian')
  add(config.complianceSigner, 'roles', 'compliance signer')
  for (const [key, address] of Object.entries(config.recipients)) add(address, 'eth', words(key))
  for (const [key, address] of Object.entries(config.genesis)) {
    add(address, 'ntk', key === 'liquidityReserve' ? words(key) : `${words(key)} (vesting)`)
  }
  return roles.map((r) =>
    [
      r.roles.join(', '),
      r.eth.length ? `sale ETH share: ${r.eth.join(' + ')}` : '',
      r.ntk.length ? `genesis NTK: ${r.ntk.join(' + ')}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  )
}

const span = (seconds: number, unit: number) => {
  const n = seconds / unit
  return Number.isInteger(n) ? String(n) : n.toFixed(2)
}

export function renderSummary(input: SummaryInput): string {
  const bold = (t: string) => (input.color ? `\x1b[1m${t}\x1b[0m` : t)
  const cyan = (t: string) => (input.color ? `\x1b[36m${t}\x1b[0m` : t)
  const dim = (t: string) => (input.color ? `\x1b[2m${t}\x1b[0m` : t)
  const out: string[] = ['', bold('Neuromation local platform is ready'), '']

  const row = (label: string, value: string) => out.push(`  ${label.padEnd(18)} ${value}`)
  row('dApp', input.urls.dapp ? cyan(input.urls.dapp) : dim('not started'))
  row('Indexer GraphQL', input.urls.graphql ? cyan(input.urls.graphql) : dim('not started'))
  row('Compliance signer', input.urls.signer ? cyan(input.urls.signer) : dim('not started'))
  if (input.urls.database) row('PostgreSQL', cyan(input.urls.database))
  if (input.urls.ipfs) row('IPFS gateway', cyan(input.urls.ipfs))
  if (input.ipfsPeer) row('IPFS peer', `${input.ipfsPeer}  ${dim('(EXECUTOR_IPFS_PEERS of other executors)')}`)
  row('RPC', `${cyan(input.rpcUrl)}  chain id ${input.chainId}${input.localChain ? ' (anvil)' : ''}`)
  for (const { service, reason } of input.skipped) row(`  ${service}`, dim(`skipped: ${reason}`))

  if (input.deployment) {
    out.push('', bold('Contracts'))
    for (const [name, entry] of Object.entries(input.deployment.contracts ?? {})) {
      // A plain address, or an object with one (the deployment file may carry more per contract).
      const address = typeof entry === 'string' ? entry : (entry as { address?: string } | null)?.address
      if (address) row(name, address)
    }
  }

  const executors = input.executors ?? []
  if (executors.length > 0) {
    out.push('', bold('Executors') + dim(' (Prometheus /metrics; /status is the live progress job pages read)'))
    for (const e of executors) {
      const instance = localExecutors.find((x) => x.account === e.account)
      const ask = instance ? `${instance.strategy} ask ${instance.priceTick} ticks` : ''
      const status = e.metricsUrl.replace(/\/metrics$/, '/status')
      row(e.name, `#${e.account} ${ask.padEnd(24)} ${cyan(e.metricsUrl)}  ${cyan(status)}`)
    }
  }
  // Another executor (the README's "Executor node") needs the chain, the platform's IPFS node to
  // fetch specs and bundles from and serve its results to, and the gateway for audits.
  if (input.localChain && input.ipfsPeer) {
    out.push(
      '',
      bold('Run another executor') + dim(' (fund its address with NTK and ETH first; README "Executor node")'),
      `  ${cyan(
        `npx neuro-executor init --rpc-url ${input.rpcUrl} --chain-id ${input.chainId} --ipfs-peers ${input.ipfsPeer}` +
          `${input.urls.ipfs ? ` --ipfs-gateway ${input.urls.ipfs}` : ''} --metrics-port 9470`,
      )}`,
      `  ${cyan('npx neuro-executor register --name my-node && npx neuro-executor stake 500 && npx neuro-executor start')}`,
    )
  }

  const generators = Object.entries(input.generators ?? {})
  if (generators.length > 0) {
    out.push('', bold('Example generators') + dim(' (IPFS directory CIDs)'))
    for (const [name, cid] of generators) row(name, input.urls.ipfs ? `${cid}  ${cyan(`${input.urls.ipfs}/ipfs/${cid}/`)}` : cid)
  }

  if (input.localChain && input.deployConfig) {
    const roles = accountRoles(input.deployConfig)
    out.push('', bold('Test accounts') + dim(' (anvil default mnemonic: public keys, local use only)'))
    // Accounts without a deploy role are test wallets, except those `npm start` runs executors on
    // (listed with their ask: signing with their key in a wallet would race their daemon's nonces).
    anvilAccounts.forEach((account, i) => {
      if (roles[i]) return
      const executor = localExecutors.find((e) => e.account === i)
      const label = executor ? `executor (${executor.strategy} ask ${executor.priceTick} ticks)` : 'buyer'
      out.push(`  #${i} ${account.address}  ${cyan(label)}  key ${account.privateKey}`)
    })
    // Role accounts' keys too: a demo signs as them (the README's fourth executor runs on #7).
    anvilAccounts.forEach((account, i) => {
      if (roles[i]) out.push(`  #${i} ${account.address}  ${roles[i]}  key ${account.privateKey}`)
    })

    const s = input.deployConfig.schedule
    const day = s.weekLength
    const unit = `${s.weekLength === 86_400 ? 'day' : `${s.weekLength}s-"week"`}`
    const burns = input.deployConfig.burn.epochOffsets.map((o) => span(o, day)).join(', ')
    out.push(
      '',
      bold('Sale timeline') + dim(` (from deployment; one bonus "week" = 1 ${unit})`),
      `  presale ${unit}s ${span(s.presaleOffset, day)}-${span(s.presaleOffset + s.presaleDuration, day)}, ` +
        `public sale ${unit}s ${span(s.saleOffset, day)}-${span(s.saleOffset + s.saleDuration, day)} ` +
        `(+15%, +10%, +5% in its first three ${unit}s), burn epochs on ${unit}s ${burns}`,
      `  Time travel one ${unit}: ${cyan(`bin/cast rpc evm_increaseTime ${s.weekLength} --rpc-url ${input.rpcUrl} && bin/cast rpc evm_mine --rpc-url ${input.rpcUrl}`)}`,
    )
  }
  out.push('', dim(`Service logs: ${input.logDir}/<service>.log. Press Ctrl-C to stop everything.`), '')
  return out.join('\n')
}
