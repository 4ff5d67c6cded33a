import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { describe, expect, it } from 'vitest'
import { accountRoles, type LocalDeployConfig, renderSummary } from './renderSummary'
import { repoRoot } from './repoRoot'

const local = JSON.parse(readFileSync(join(repoRoot, 'script', 'config', 'local.json'), 'utf8')) as LocalDeployConfig

describe('accountRoles', () => {
  it('derives each anvil account role from script/config/local.json', () => {
    const roles = accountRoles(local)
    expect(roles[0]).toMatch(
      /^deployer, guardian; sale ETH share: platform \+ liquidity reserve; genesis NTK: liquidity reserve$/,
    )
    expect(roles[1]).toBe('compliance signer')
    expect(roles.slice(2, 6)).toEqual(['', '', '', ''])
    expect(roles[6]).toBe('genesis NTK: team (vesting)')
    expect(roles[7]).toBe('sale ETH share: partners; genesis NTK: partners (vesting)')
    expect(roles[8]).toBe('genesis NTK: researchers (vesting)')
    expect(roles[9]).toBe('sale ETH share: marketing')
  })
})

describe('renderSummary', () => {
  const base = {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    localChain: true,
    urls: { dapp: 'http://127.0.0.1:5173/', graphql: 'http://127.0.0.1:42069/graphql', signer: 'http://127.0.0.1:8787' },
    skipped: [],
    deployment: undefined,
    deployConfig: local,
    logDir: '.data/logs',
    color: false,
  }

  it('lists URLs, buyers and executors with keys, roles and the time-travel hint', () => {
    const text = renderSummary(base)
    expect(text).toContain('dApp               http://127.0.0.1:5173/')
    expect(text).toContain('Indexer GraphQL    http://127.0.0.1:42069/graphql')
    expect(text).toContain('RPC                http://127.0.0.1:8545  chain id 31337 (anvil)')
    // anvil #2-#4 run the local executors, #5 is left to buy and post jobs.
    expect(text.match(/ buyer {2}key 0x[0-9a-f]{64}/g)).toHaveLength(1)
    expect(text).toMatch(/#5 0x[0-9a-fA-F]{40} {2}buyer {2}key/)
    expect(text).toMatch(/#2 0x[0-9a-fA-F]{40} {2}executor \(fixed ask 100 ticks\) {2}key 0x[0-9a-f]{64}/)
    expect(text).toMatch(/#3 0x[0-9a-fA-F]{40} {2}executor \(fixed ask 150 ticks\)/)
    expect(text).toMatch(/#4 0x[0-9a-fA-F]{40} {2}executor \(adaptive ask 120 ticks\)/)
    expect(text).toContain('presale days 0-2, public sale days 2-8')
    expect(text).toContain('burn epochs on days 9, 10, 11')
    expect(text).toContain('bin/cast rpc evm_increaseTime 86400 --rpc-url http://127.0.0.1:8545 && bin/cast rpc evm_mine')
    expect(text).not.toContain('\x1b[')
  })

  it('prints the key of every listed test account on the local anvil, role accounts included', () => {
    const text = renderSummary(base)
    // README's fourth executor runs on anvil #7 (a role account): its key must be in the summary.
    anvilAccounts.forEach((account, i) => {
      const line = text.split('\n').find((l) => l.startsWith(`  #${i} ${account.address}  `))
      expect(line).toMatch(new RegExp(`  key ${account.privateKey}$`))
    })
    expect(text).toMatch(
      /#7 0x[0-9a-fA-F]{40} {2}sale ETH share: partners; genesis NTK: partners \(vesting\) {2}key 0x[0-9a-f]{64}/,
    )
  })

  it('lists each executor with its metrics and status URLs, and how to run another one', () => {
    const peer = '/ip4/127.0.0.1/tcp/43389/p2p/12D3KooWDLNbqXfRhMwz64gYJPrF11ZK8LaRgyawRc1hhksEzdQK'
    const text = renderSummary({
      ...base,
      urls: { ...base.urls, ipfs: 'http://127.0.0.1:8080' },
      ipfsPeer: peer,
      executors: [
        { name: 'executor-1', account: 2, metricsUrl: 'http://127.0.0.1:41695/metrics' },
        { name: 'executor-3', account: 4, metricsUrl: 'http://127.0.0.1:42581/metrics' },
      ],
    })
    expect(text).toContain(`IPFS peer          ${peer}`)
    expect(text).toMatch(
      /executor-1 {9}#2 fixed ask 100 ticks +http:\/\/127\.0\.0\.1:41695\/metrics {2}http:\/\/127\.0\.0\.1:41695\/status/,
    )
    expect(text).toMatch(/executor-3 {9}#4 adaptive ask 120 ticks +http:\/\/127\.0\.0\.1:42581\/metrics/)
    expect(text).toContain(
      `npx neuro-executor init --rpc-url http://127.0.0.1:8545 --chain-id 31337 --ipfs-peers ${peer} --ipfs-gateway http://127.0.0.1:8080 --metrics-port 9470`,
    )
  })

  it('shows the IPFS gateway and the example generators published at start', () => {
    const cid = 'bafybeie5gq4jxvzmsym6hjlwxej4rwdoxt7wadqvmmwbqi7r27fclha2va'
    const text = renderSummary({ ...base, urls: { ...base.urls, ipfs: 'http://127.0.0.1:8080' }, generators: { digits: cid } })
    expect(text).toContain('IPFS gateway       http://127.0.0.1:8080')
    expect(text).toContain(`digits             ${cid}  http://127.0.0.1:8080/ipfs/${cid}/`)
  })

  it('leaves out local accounts on an external chain and shows skipped services', () => {
    const text = renderSummary({
      ...base,
      localChain: false,
      deployConfig: undefined,
      urls: { signer: base.urls.signer },
      skipped: [{ service: 'dapp', reason: 'LAUNCH_SKIP' }],
    })
    expect(text).not.toContain('Test accounts')
    expect(text).not.toMatch(/key 0x/)
    expect(text).toMatch(/dApp\s+not started/)
    expect(text).toMatch(/dapp\s+skipped: LAUNCH_SKIP/)
  })
})
