// The indexer's integration suite, shared by the PGlite and PostgreSQL variants: a fresh anvil
// (chain 31338), a real deployment, the indexer started as `npm start` runs it, a scripted sale
// and burn lifecycle, then every indexed figure checked against the chain and exact expectations.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Anvil, deploy, localRoles, repoRoot, runCommand as run, startAnvil } from '@neuromation/devkit'
import { createSaleDriver, LOCAL_CAP_WEI, runSaleScenario, type ScenarioResult } from '@neuromation/devkit/scenarios'
import * as indexerSchema from '@neuromation/indexer/schema'
import { anvilAccounts, burnScheduleAbi, type Deployment, neuroTokenAbi, tokenSaleAbi } from '@neuromation/sdk'
import { createClient, desc, eq } from '@ponder/client'
import pg from 'pg'
import { type Abi, type Address, createPublicClient, http, parseEther, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, graphql, postUnfinished, sql } from './indexerClient'
import { type Indexer, startIndexer, waitForIndexedBlock } from './startIndexer'

const CHAIN_ID = 31338
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON rows under test, read field by field
type Row = Record<string, any>
const TOKENS_PER_ETH = 1_000n
const BPS = 10_000n

/** `url` is read when the suite starts (the server may be started in a beforeAll). */
type Database = { kind: 'pglite' } | { kind: 'postgres'; url: () => string }

const lower = (a: Address) => a.toLowerCase() as Address
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n)
/** Tokens for a purchase as TokenSale prices it: 1,000 NTK per ETH plus a bonus rounded down. */
const priced = (wei: bigint, bonusBps: number) => {
  const base = wei * TOKENS_PER_ETH
  const bonus = (base * BigInt(bonusBps)) / BPS
  return { tokens: base + bonus, bonus }
}

async function startChain(): Promise<{ anvil: Anvil; deployment: Deployment }> {
  // 100,000 ETH per account: the scenario raises past the 20,000 ETH local secret cap.
  const anvil = await startAnvil({ args: ['--chain-id', String(CHAIN_ID), '--balance', '100000'] })
  try {
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    // The indexer reads addresses from the sdk's generated deployments (deployments/31338.json).
    const codegen = await run(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    return { anvil, deployment }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

export function defineIndexerSuite(label: string, database: Database) {
  describe(`indexer (${label})`, () => {
    const schema = `test_${Date.now().toString(36)}_${process.pid}`
    const pgliteDir = database.kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'neuro-indexer-')) : undefined
    const indexerOptions = {
      chainId: CHAIN_ID,
      schema,
      pgliteDir: pgliteDir && join(pgliteDir, 'pglite'),
    }
    const databaseUrl = () => (database.kind === 'postgres' ? database.url() : undefined)
    let anvil: Anvil
    let deployment: Deployment
    let indexer: Indexer
    let scenario: ScenarioResult
    let client: ReturnType<typeof createPublicClient>
    const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
      client.readContract({ address, abi, functionName, args } as never) as Promise<T>

    beforeAll(async () => {
      ;({ anvil, deployment } = await startChain())
      client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
      // Started before the scenario so that it indexes live, as under `npm start`.
      indexer = await startIndexer({ ...indexerOptions, databaseUrl: databaseUrl(), rpcUrl: anvil.rpcUrl })
      scenario = await runSaleScenario(anvil.rpcUrl, deployment)
      await waitForIndexedBlock(indexer, CHAIN_ID, scenario.lastBlock)
    })

    afterAll(async () => {
      await indexer?.stop()
      await anvil?.stop()
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true })
      if (database.kind === 'postgres') {
        const db = new pg.Client({ connectionString: database.url() })
        await db.connect()
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await db.end()
      }
    })

    it('totals the sale exactly: raised ETH, tokens sold, bonus, buyers, lifecycle', async () => {
      const priced_ = scenario.purchases.map((p) => priced(p.wei, p.bonusBps))
      const expected = {
        weiRaised: sum(scenario.purchases.map((p) => p.wei)),
        tokensSold: sum(priced_.map((p) => p.tokens)),
        bonusTokens: sum(priced_.map((p) => p.bonus)),
      }
      expect(expected.weiRaised).toBe(parseEther('21100.75'))
      expect(await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'weiRaised')).toBe(expected.weiRaised)
      expect(await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'tokensSold')).toBe(expected.tokensSold)
      expect(await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'bonusTokensGiven')).toBe(expected.bonusTokens)

      const { status, body } = await getJson<Row>(indexer.url, '/api/sale')
      expect(status).toBe(200)
      const unsold = 60_000_000n * 10n ** 18n - expected.tokensSold
      expect(body).toMatchObject({
        id: 'sale',
        address: lower(deployment.contracts.TokenSale),
        weiRaised: expected.weiRaised.toString(),
        tokensSold: expected.tokensSold.toString(),
        bonusTokens: expected.bonusTokens.toString(),
        refundedWei: '0',
        purchaseCount: 5,
        buyerCount: 4,
        lastPhase: 'Finalized',
        paused: false,
        revealedCapWei: LOCAL_CAP_WEI.toString(),
        finalized: true,
        unsoldBurned: unsold.toString(),
        hardCapTokens: (60_000_000n * 10n ** 18n).toString(),
        complianceSigner: lower(deployment.complianceSigner),
        progress: {
          soldBps: Number((expected.tokensSold * BPS) / (60_000_000n * 10n ** 18n)),
          remainingTokens: unsold.toString(),
          soldOut: false,
          capRevealed: true,
        },
      })
      expect(BigInt(body.endTime)).toBe(await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'endTime'))
      expect(body.capRevealedAt).not.toBeNull()
      expect(body.finalizedAt).not.toBeNull()
    })

    it('indexes every purchase with its phase and bonus (GraphQL)', async () => {
      const data = await graphql<{ purchases: { totalCount: number; items: Row[] } }>(
        indexer.url,
        `{ purchases(orderBy: "blockNumber", orderDirection: "asc", limit: 50) {
            totalCount
            items { id payer beneficiary phase weiAccepted refundWei tokens bonusTokens bonusBps voucherNonce txHash logIndex }
        } }`,
      )
      expect(data.purchases.totalCount).toBe(scenario.purchases.length)
      expect(data.purchases.items.map((p) => p.phase)).toEqual(['Presale', 'Presale', 'Presale', 'Sale', 'Sale'])
      data.purchases.items.forEach((row, i) => {
        const sent = scenario.purchases[i]
        const { tokens, bonus } = priced(sent.wei, sent.bonusBps)
        expect(row).toMatchObject({
          id: `${sent.hash}-${row.logIndex}`,
          payer: lower(sent.payer),
          beneficiary: lower(sent.beneficiary),
          weiAccepted: sent.wei.toString(),
          refundWei: '0',
          tokens: tokens.toString(),
          bonusTokens: bonus.toString(),
          bonusBps: sent.bonusBps,
          voucherNonce: String(i + 1),
          txHash: sent.hash,
        })
      })
    })

    it('keeps per-buyer totals, with purchases newest first (GraphQL relation and /api/buyers)', async () => {
      const beneficiaries = [...new Set(scenario.purchases.map((p) => p.beneficiary))]
      for (const address of beneficiaries) {
        const own = scenario.purchases.filter((p) => p.beneficiary === address)
        const onChain = await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'contributionOf', [address])
        const data = await graphql<{ buyer: Row }>(
          indexer.url,
          `query ($address: String!) { buyer(address: $address) {
              address purchaseCount weiContributed tokensBought bonusTokens
              purchases(orderBy: "blockNumber", orderDirection: "desc") { items { txHash } }
          } }`,
          { address: lower(address) },
        )
        expect(data.buyer).toMatchObject({
          address: lower(address),
          purchaseCount: own.length,
          weiContributed: onChain.toString(),
          tokensBought: sum(own.map((p) => priced(p.wei, p.bonusBps).tokens)).toString(),
          bonusTokens: sum(own.map((p) => priced(p.wei, p.bonusBps).bonus)).toString(),
        })
        // Filters take addresses in any case (hex columns are stored and compared lower-cased).
        const filtered = await graphql<{ purchases: { totalCount: number } }>(
          indexer.url,
          `query ($beneficiary: String!) { purchases(where: { beneficiary: $beneficiary }) { totalCount } }`,
          { beneficiary: address },
        )
        expect(filtered.purchases.totalCount).toBe(own.length)
        const newestFirst = own.map((p) => p.hash).reverse()
        expect(data.buyer.purchases.items.map((p: { txHash: string }) => p.txHash)).toEqual(newestFirst)

        // The JSON route accepts checksummed addresses and answers with the same figures.
        const { status, body } = await getJson<Row>(indexer.url, `/api/buyers/${address}`)
        expect(status).toBe(200)
        expect(body.buyer.weiContributed).toBe(onChain.toString())
        expect(body.purchases.map((p: { txHash: string }) => p.txHash)).toEqual(newestFirst)
      }

      const stranger = await getJson<Row>(indexer.url, `/api/buyers/${zeroAddress}`)
      expect(stranger).toEqual({
        status: 200,
        body: { address: zeroAddress, buyer: null, purchases: [], truncated: { purchases: false } },
      })
      const malformed = await getJson<{ error: string }>(indexer.url, '/api/buyers/0x1234')
      expect(malformed.status).toBe(400)
      expect(malformed.body.error).toMatch(/"0x1234" is not an address/)
    })

    it('tracks every holder balance as balanceOf on chain, and the holder count', async () => {
      const data = await graphql<{ holders: { totalCount: number; items: { address: Address; balance: string }[] } }>(
        indexer.url,
        `{ holders(limit: 1000) { totalCount items { address balance } } }`,
      )
      const indexed = new Map(data.holders.items.map((h) => [h.address, BigInt(h.balance)]))
      for (const address of scenario.touchedAddresses) {
        const balance = await read<bigint>(deployment.contracts.NeuroToken, neuroTokenAbi, 'balanceOf', [address])
        expect({ address, balance: indexed.get(lower(address)) ?? 0n }).toEqual({ address, balance })
      }
      for (const [address, balance] of indexed) {
        expect(await read<bigint>(deployment.contracts.NeuroToken, neuroTokenAbi, 'balanceOf', [address])).toBe(balance)
      }
      expect(indexed.get(lower(scenario.transfer.to))).toBe(scenario.transfer.amount)
      // The sale's balance was burned at finalization: it is a holder no longer.
      expect(indexed.get(lower(deployment.contracts.TokenSale))).toBe(0n)

      const token = await getJson<Row>(indexer.url, '/api/token?holders=3')
      const nonZero = [...indexed.values()].filter((b) => b > 0n).length
      expect(token.body.holderCount).toBe(nonZero)
      expect(token.body.topHolders).toHaveLength(3)
      const top = [...indexed.values()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)).slice(0, 3)
      expect(token.body.topHolders.map((h: { balance: string }) => BigInt(h.balance))).toEqual(top)
      expect((await getJson(indexer.url, '/api/token?holders=0')).status).toBe(400)
    })

    it('records supply history, burns by source and the burn epochs with their shortfall', async () => {
      const totalSupply = await read<bigint>(deployment.contracts.NeuroToken, neuroTokenAbi, 'totalSupply')
      const { body: token } = await getJson<Row>(indexer.url, '/api/token')
      expect(token.totalSupply).toBe(totalSupply.toString())
      expect(BigInt(token.totalBurned)).toBe(100_000_000n * 10n ** 18n - totalSupply)
      expect(token.vaultBalance).toBe(
        (await read<bigint>(deployment.contracts.BurnSchedule, burnScheduleAbi, 'vaultBalance')).toString(),
      )

      const history = token.supplyHistory as { totalSupply: string; delta: string }[]
      // Five genesis mints, then the holder burn, the unsold burn, the two non-empty epochs and the
      // two shortfall settlements.
      expect(history).toHaveLength(11)
      expect(history[4].totalSupply).toBe((100_000_000n * 10n ** 18n).toString())
      expect(history.at(-1)!.totalSupply).toBe(totalSupply.toString())
      let running = 0n
      for (const point of history) {
        running += BigInt(point.delta)
        expect(BigInt(point.totalSupply)).toBe(running)
      }

      const burns = token.burns as {
        source: string
        amount: string
        epoch: number | null
        settlementId: string | null
        from: string
        txHash: string
      }[]
      const sale = (await getJson<Row>(indexer.url, '/api/sale')).body
      const epochs = await read<{ target: bigint; burned: bigint; executed: boolean }[]>(
        deployment.contracts.BurnSchedule,
        burnScheduleAbi,
        'epochs',
      )
      const [settledPart, settledRest] = scenario.settlements
      expect(burns.map(({ source, amount, epoch }) => ({ source, amount, epoch }))).toEqual([
        { source: 'holder', amount: scenario.holderBurn.amount.toString(), epoch: null },
        { source: 'sale-finalize', amount: sale.unsoldBurned, epoch: null },
        { source: 'burn-schedule', amount: epochs[0].burned.toString(), epoch: 0 },
        { source: 'burn-schedule', amount: epochs[1].burned.toString(), epoch: 1 },
        // settleShortfall burns (epoch 2 found the vault empty: no burn of its own).
        { source: 'burn-schedule', amount: settledPart.burned.toString(), epoch: null },
        { source: 'burn-schedule', amount: settledRest.burned.toString(), epoch: null },
      ])
      expect(burns.slice(4).map((b) => b.txHash)).toEqual([settledPart.hash, settledRest.hash])
      expect(burns.slice(4).every((b) => b.settlementId?.startsWith(b.txHash))).toBe(true)
      expect(burns.slice(0, 4).every((b) => b.settlementId === null)).toBe(true)
      expect(burns[0]).toMatchObject({ from: lower(scenario.holderBurn.from), txHash: scenario.holderBurn.hash })

      const data = await graphql<{ burnEpochs: { items: Row[] } }>(
        indexer.url,
        `{ burnEpochs(orderBy: "epoch", orderDirection: "asc") { items {
            epoch dueAt rateBps executed executedAt target burned shortfall totalSupplyAfter txHash
            burns { items { amount source } }
        } } }`,
      )
      expect(data.burnEpochs.items.map((e) => e.rateBps)).toEqual([3000, 2000, 1000])
      // EpochExecuted.shortfall is what stays owed in total after the epoch: BurnSchedule carries
      // shortfalls forward (an epoch burns the earlier debt first, then its own target), and the
      // settlement between epochs 1 and 2 paid part of it.
      let owed = 0n
      data.burnEpochs.items.forEach((row, i) => {
        if (i === 2) owed -= settledPart.burned
        owed += epochs[i].target - epochs[i].burned
        expect(row).toMatchObject({
          epoch: i,
          executed: true,
          target: epochs[i].target.toString(),
          burned: epochs[i].burned.toString(),
          shortfall: owed.toString(),
        })
      })
      const [full, short, empty] = data.burnEpochs.items
      expect(full.shortfall).toBe('0')
      expect(BigInt(short.shortfall)).toBeGreaterThan(0n)
      expect(BigInt(short.burned)).toBeGreaterThan(0n)
      expect(empty.burned).toBe('0')
      expect(settledPart.owedAfter).toBe(BigInt(short.shortfall) - settledPart.burned)
      expect(BigInt(empty.shortfall)).toBe(settledPart.owedAfter + BigInt(empty.target))
      expect(empty.burns.items).toEqual([])
      expect(full.burns.items).toEqual([{ amount: full.burned, source: 'burn-schedule' }])
      // The last settlement burned everything still owed: it is the last supply change.
      expect(settledRest.burned).toBe(BigInt(empty.shortfall))
      expect(settledRest.owedAfter).toBe(0n)
      expect(BigInt(empty.totalSupplyAfter) - settledRest.burned).toBe(totalSupply)
    })

    it('records shortfall settlements, what stays owed and the leftover release', async () => {
      const { body: token } = await getJson<Row>(indexer.url, '/api/token')
      const totalSupply = await read<bigint>(deployment.contracts.NeuroToken, neuroTokenAbi, 'totalSupply')
      const [settledPart, settledRest] = scenario.settlements
      expect(token.burnSchedule).toMatchObject({
        id: 'burn-schedule',
        address: lower(deployment.contracts.BurnSchedule),
        leftoverRecipient: lower(scenario.leftoverRelease.recipient),
        epochCount: 3,
        shortfall: (await read<bigint>(deployment.contracts.BurnSchedule, burnScheduleAbi, 'shortfall')).toString(),
        shortfallSettled: (settledPart.burned + settledRest.burned).toString(),
        leftoverReleased: scenario.leftoverRelease.amount.toString(),
      })
      expect(token.burnSchedule.shortfall).toBe('0')
      expect(token.vaultBalance).toBe('0')

      const data = await graphql<{
        shortfallSettlements: { items: Row[] }
        leftoverReleases: { items: Row[] }
      }>(
        indexer.url,
        `{ shortfallSettlements(orderBy: "blockNumber", orderDirection: "asc") { items {
             id burned owedAfter totalSupplyAfter caller txHash burns { items { amount source txHash } } } }
           leftoverReleases(orderBy: "blockNumber", orderDirection: "asc") { items { recipient amount caller txHash } } }`,
      )
      expect(data.shortfallSettlements.items.map(({ burns, id, totalSupplyAfter, ...rest }) => rest)).toEqual(
        scenario.settlements.map((s) => ({
          burned: s.burned.toString(),
          owedAfter: s.owedAfter.toString(),
          caller: lower(s.caller),
          txHash: s.hash,
        })),
      )
      expect(settledPart.owedAfter).toBeGreaterThan(0n)
      for (const row of data.shortfallSettlements.items) {
        expect(row.burns.items).toEqual([{ amount: row.burned, source: 'burn-schedule', txHash: row.txHash }])
      }
      expect(data.shortfallSettlements.items.at(-1)!.totalSupplyAfter).toBe(totalSupply.toString())
      expect(token.shortfallSettlements.map((s: { id: string }) => s.id)).toEqual(
        data.shortfallSettlements.items.map((s) => s.id),
      )
      expect(data.leftoverReleases.items).toEqual([
        {
          recipient: lower(scenario.leftoverRelease.recipient),
          amount: scenario.leftoverRelease.amount.toString(),
          caller: lower(scenario.leftoverRelease.caller),
          txHash: scenario.leftoverRelease.hash,
        },
      ])
      expect(token.leftoverReleases).toHaveLength(1)
    })

    it("answers the README's documented GraphQL query as documented", async () => {
      const readme = readFileSync(join(repoRoot, 'indexer', 'README.md'), 'utf8')
      const query = /```graphql\n([\s\S]+?)```/.exec(readme)?.[1]
      expect(query, 'indexer/README.md has a graphql example').toBeTruthy()
      const data = await graphql<Row>(
        indexer.url,
        query!.replace(/0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc/, lower(localRoles.buyers[1].address)),
      )
      expect(data.saleStats.weiRaised).toBe(parseEther('21100.75').toString())
      expect(data.purchases.totalCount).toBe(5)
      expect(data.buyer.purchases.items).toHaveLength(1)
      expect(data.holders.items.every((h: { balance: string }) => BigInt(h.balance) > 0n)).toBe(true)
      expect(data.burnEpochs.items).toHaveLength(3)
      expect(data.burns.items[0].source).toBe('burn-schedule')

      // GraphQL is also served at the root path.
      const root = await fetch(`${indexer.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tokenStats(id: "ntk") { holderCount vaultBalance } }' }),
      })
      expect(
        ((await root.json()) as { data: { tokenStats: { holderCount: number } } }).data.tokenStats.holderCount,
      ).toBeGreaterThan(5)
    })

    it('answers SQL over HTTP (/sql/db, as @ponder/client sends it)', async () => {
      const rows = await sql<{ source: string; total: string }>(
        indexer.url,
        'select source, sum(amount) as total from burn group by source order by source',
      )
      expect(rows.map((r) => r.source)).toEqual(['burn-schedule', 'holder', 'sale-finalize'])
      const [holder] = await sql<{ balance: string }>(indexer.url, 'select balance from holder where address = $1', [
        lower(scenario.transfer.to),
      ])
      expect(holder.balance).toBe(scenario.transfer.amount.toString())
      const denied = await fetch(
        `${indexer.url}/sql/db?sql=${encodeURIComponent(JSON.stringify({ json: { sql: 'delete from holder', params: [] } }))}`,
      )
      expect(denied.ok).toBe(false)
    })

    it('answers bad SQL requests with 400 saying what /sql/db takes, with no stack trace in the log', async () => {
      const refused = async (sql: string) => {
        const res = await fetch(`${indexer.url}/sql/db?sql=${encodeURIComponent(sql)}`)
        const text = await res.text()
        expect(res.status, text).toBe(400)
        expect(text).not.toMatch(/file:|node_modules/)
        return JSON.parse(text) as { error: string; accepts: string }
      }
      const bare = await refused('select 1')
      expect(bare.error).toMatch(/is not JSON/)
      expect(bare.accepts).toMatch(/read-only SELECT/)
      for (const [statement, reason] of [
        ['drop table holder', /DropStmt not supported/],
        ["insert into holder (address, balance) values ('0x00', 1)", /InsertStmt not supported/],
        ['select pg_sleep(5)', /Function call not supported/],
        ['select * from ponder_sync.blocks', /Schema name not supported/],
        ['select * from generate_series(1, 3)', /RangeFunction not supported/],
        // Valid to Ponder, refused by the database: the client's mistake, so a 400 too.
        ['select nope from holder', /failed in the database: column "nope" does not exist/],
      ] as const) {
        expect((await refused(JSON.stringify({ json: { sql: statement, params: [] } }))).error).toMatch(reason)
      }
      expect(indexer.logs()).not.toMatch(/superjson|is not valid JSON/)
    })

    it('answers unknown /api routes with a JSON 404 listing them, and wrong methods with 405', async () => {
      const missing = await fetch(`${indexer.url}/api/nope`)
      expect(missing.status).toBe(404)
      const body = (await missing.json()) as { error: string; routes: string[] }
      expect(body.error).toMatch(/^No route GET \/api\/nope\./)
      expect(body.routes).toContain('GET /api/sale')
      const post = await fetch(`${indexer.url}/api/sale`, { method: 'POST' })
      expect(post.status).toBe(405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
    })

    it('answers a repeated @ponder/client read from the per-block cache, with the same rows', async () => {
      // A query text not sent before (a miss), then the same query with a junk parameter (the same entry).
      const sql = `select count(*) as n from purchase where ${Date.now()} > 0`
      const query = encodeURIComponent(JSON.stringify({ json: { sql, params: [] } }))
      const first = await fetch(`${indexer.url}/sql/db?sql=${query}`)
      const again = await fetch(`${first.url}&probe=${Date.now()}`)
      expect(first.status).toBe(200)
      expect(first.headers.get('x-indexer-cache')).toBe('miss')
      expect(again.headers.get('x-indexer-cache')).toBe('hit')
      expect(await again.text()).toBe(await first.text())
    })

    it('indexes withdrawals, vault funding and the genesis allocation', async () => {
      const data = await graphql<{
        saleWithdrawals: { items: { account: string; credited: string; withdrawn: string }[] }
        vaultFundings: { items: { from: string; amount: string }[] }
        genesisAllocations: { items: { recipient: string; amount: string; purpose: string }[] }
      }>(
        indexer.url,
        `{ saleWithdrawals(orderBy: "credited", orderDirection: "desc") { items { account credited withdrawn } }
           vaultFundings(orderBy: "blockNumber", orderDirection: "asc") { items { from amount } }
           genesisAllocations(orderBy: "amount", orderDirection: "desc") { items { recipient amount purpose } } }`,
      )
      const raised = parseEther('21100.75')
      const byAccount = new Map(data.saleWithdrawals.items.map((w) => [w.account, w]))
      const platform = byAccount.get(lower(localRoles.deployer.address))!
      const marketing = byAccount.get(lower(anvilAccounts[9].address))!
      const partners = byAccount.get(lower(anvilAccounts[7].address))!
      expect(data.saleWithdrawals.items).toHaveLength(3)
      // The deployer is both platform (40% + dust) and liquidity reserve (40%): credited twice.
      expect(BigInt(platform.credited)).toBe(raised - 2n * ((raised * 1_000n) / BPS))
      expect(platform.withdrawn).toBe(platform.credited)
      expect(BigInt(marketing.credited)).toBe((raised * 1_000n) / BPS)
      expect(marketing.withdrawn).toBe(marketing.credited)
      expect(partners.credited).toBe(marketing.credited)
      expect(partners.withdrawn).toBe('0')
      expect(sum(data.saleWithdrawals.items.map((w) => BigInt(w.credited)))).toBe(raised)

      expect(data.vaultFundings.items).toEqual([
        { from: lower(localRoles.deployer.address), amount: parseEther('5000000').toString() },
        { from: lower(scenario.vaultFunding.from), amount: scenario.vaultFunding.amount.toString() },
        ...scenario.lateFundings.map((f) => ({ from: lower(f.from), amount: f.amount.toString() })),
      ])
      const ntk = (millions: bigint) => (millions * 10n ** 24n).toString()
      expect(Object.fromEntries(data.genesisAllocations.items.map((g) => [g.purpose, g.amount]))).toEqual({
        sale: ntk(60n),
        team: ntk(12n),
        partners: ntk(12n),
        liquidity: ntk(10n),
        researchers: ntk(6n),
      })
      expect(sum(data.genesisAllocations.items.map((g) => BigInt(g.amount)))).toBe(100_000_000n * 10n ** 18n)
    })

    it('answers typed queries derived from the exported schema (@ponder/client, as the dApp reads it)', async () => {
      const ponder = createClient(`${indexer.url}/sql`, { schema: indexerSchema })
      const recent = await ponder.db
        .select({
          beneficiary: indexerSchema.purchase.beneficiary,
          weiAccepted: indexerSchema.purchase.weiAccepted,
          phase: indexerSchema.purchase.phase,
        })
        .from(indexerSchema.purchase)
        .orderBy(desc(indexerSchema.purchase.blockNumber), desc(indexerSchema.purchase.logIndex))
        .limit(2)
      const newest = scenario.purchases.slice(-2).reverse()
      expect(recent).toEqual(newest.map((p) => ({ beneficiary: lower(p.beneficiary), weiAccepted: p.wei, phase: p.phase })))
      // bigint columns arrive as bigint, typed from the schema.
      expect(typeof recent[0].weiAccepted).toBe('bigint')
      const [stats] = await ponder.db.select().from(indexerSchema.saleStats).where(eq(indexerSchema.saleStats.id, 'sale'))
      expect(stats.weiRaised).toBe(parseEther('21100.75'))
    })

    it('refuses GraphQL that nests buyer -> purchases -> buyer four levels deep, with a clear error', async () => {
      let inner = 'address'
      for (let i = 0; i < 4; i++) inner = `address purchases { items { buyer { ${inner} } } }`
      const res = await fetch(`${indexer.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ buyers { items { ${inner} } } }` }),
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] }
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_TOO_DEEP')
      expect(body.errors[0].message).toMatch(/levels deep; the limit is 8/)

      const wide = await fetch(`${indexer.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ buyers(limit: 1000) { items { purchases(limit: 1000) { items { id } } } } }' }),
      })
      expect(wide.status).toBe(400)
      expect(((await wide.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
        'GRAPHQL_TOO_COMPLEX',
      )

      // Over 64 KiB by its Content-Length: refused before a byte of the body is read.
      const huge = await postUnfinished(indexer.url, [], 70_000)
      expect(huge.status).toBe(413)
      expect((huge.body as { errors: { message: string }[] }).errors[0].message).toMatch(/over 64 KiB; send a smaller query/)
      // Chunked (no Content-Length): counted as it streams in, refused once past 64 KiB. The last
      // chunk crosses the limit, so the server has read all that was sent when it answers.
      const chunked = await postUnfinished(indexer.url, [
        ...Array.from({ length: 4 }, () => new Uint8Array(16 * 1024).fill(0x20)),
        new Uint8Array(1024).fill(0x20),
      ])
      expect(chunked.status).toBe(413)
      expect((chunked.body as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE')
      const notJson = await fetch(`${indexer.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ nope',
      })
      expect(notJson.status).toBe(400)
      expect(((await notJson.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/The body is not JSON/)
    })

    it("answers GraphiQL's schema query, and refuses deep introspection and negative limits with 400", async () => {
      const graphiql = readFileSync(join(import.meta.dirname, 'graphiqlIntrospectionQuery.graphql'), 'utf8')
      const { __schema } = await graphql<{ __schema: { types: { name: string }[] } }>(indexer.url, graphiql)
      expect(__schema.types.map((type) => type.name)).toContain('purchase')
      for (const [query, code] of [
        [
          '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
          'GRAPHQL_TOO_DEEP',
        ],
        ['{ executors(limit: -1) { items { address } } }', 'GRAPHQL_NEGATIVE_LIMIT'],
      ]) {
        const res = await fetch(`${indexer.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        })
        expect(res.status).toBe(400)
        expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(code)
      }
    })

    it('serves GraphiQL from its own files (no CDN)', async () => {
      const page = await fetch(`${indexer.url}/graphql`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('/graphiql/assets/yoga-graphiql.umd.js')
      expect(html).not.toMatch(/https?:\/\//)
      for (const asset of ['graphiql.css', 'yoga-graphiql.umd.js', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js']) {
        const res = await fetch(`${indexer.url}/graphiql/assets/${asset}`)
        expect({ asset, status: res.status, bytes: (await res.arrayBuffer()).byteLength > 10_000 }).toEqual({
          asset,
          status: 200,
          bytes: true,
        })
      }
      expect((await fetch(`${indexer.url}/graphiql/assets/nope.js`)).status).toBe(404)
    })

    if (database.kind === 'postgres') {
      it('cuts off a six-way self-join over /sql with a clear error while /health and the API keep answering', async () => {
        const hostile =
          'select count(*) from holder a, holder b, holder c, holder d, holder e, holder f ' +
          'where length(concat(a.address, b.address, c.address, d.address, e.address, f.address, a.balance, f.balance)) > 0'
        const encoded = encodeURIComponent(JSON.stringify({ json: { sql: hostile, params: [] } }))
        const started = Date.now()
        const pending = fetch(`${indexer.url}/sql/db?sql=${encoded}`).then(async (res) => ({
          status: res.status,
          text: await res.text(),
        }))
        // While PostgreSQL grinds, the indexer's own process stays free.
        const health = await fetch(`${indexer.url}/health`)
        expect(health.status).toBe(200)
        expect((await getJson(indexer.url, '/api/sale')).status).toBe(200)
        const answer = await pending
        expect(answer.status).toBe(400)
        expect(answer.text).toMatch(/Query cancelled: it ran longer than the API's statement timeout \(1000 ms\)/)
        // The database cancelled it (the timeout), not the client: it took at least that long.
        expect(Date.now() - started).toBeGreaterThanOrEqual(900)
      })

      it('serves the API as a read-only role that can read only the app schema', async () => {
        const genesis = await client.getBlock({ blockNumber: 0n })
        const owner = new URL(database.url())
        owner.pathname = `/${owner.pathname.slice(1)}_c${CHAIN_ID}_${genesis.hash.slice(2, 10)}`
        const db = new pg.Client({ connectionString: owner.toString() })
        await db.connect()
        try {
          const role = `${schema}_api`
          const { rows } = await db.query<Record<string, unknown>>(
            `select r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolconnlimit, r.rolconfig,
                    has_table_privilege($1, format('%I.holder', $2::text), 'SELECT') as can_select,
                    has_table_privilege($1, format('%I.holder', $2::text), 'INSERT') as can_insert,
                    has_table_privilege($1, format('%I.holder', $2::text), 'DELETE') as can_delete,
                    has_schema_privilege($1, $2::text, 'CREATE') as can_create,
                    has_schema_privilege($1, 'ponder_sync', 'USAGE') as can_use_sync
               from pg_roles r where r.rolname = $1`,
            [role, schema],
          )
          expect(rows[0]).toMatchObject({
            rolcanlogin: true,
            rolsuper: false,
            rolcreaterole: false,
            rolcreatedb: false,
            can_select: true,
            can_insert: false,
            can_delete: false,
            can_create: false,
            can_use_sync: false,
          })
          expect(rows[0].rolconfig).toEqual(
            expect.arrayContaining(['default_transaction_read_only=on', 'statement_timeout=1000']),
          )
          expect(Number(rows[0].rolconnlimit)).toBeGreaterThan(0)
          // The API (ponder serve) is connected as that role.
          const { rows: sessions } = await db.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where datname = current_database() and usename = $1',
            [role],
          )
          expect(Number(sessions[0].n)).toBeGreaterThan(0)
        } finally {
          await db.end()
        }
      })
    }

    it('starts clean on a fresh chain with the same id over the database of the previous one, then indexes a sell-out', async () => {
      await indexer.stop()
      await anvil.stop()
      ;({ anvil, deployment } = await startChain())
      client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
      indexer = await startIndexer({ ...indexerOptions, databaseUrl: databaseUrl(), rpcUrl: anvil.rpcUrl })
      await waitForIndexedBlock(indexer, CHAIN_ID, await client.getBlockNumber())

      const { status, body } = await getJson<Row>(indexer.url, '/api/sale')
      expect(status).toBe(200)
      expect(body).toMatchObject({ weiRaised: '0', purchaseCount: 0, finalized: false, revealedCapWei: null })
      const token = (await getJson<Row>(indexer.url, '/api/token')).body
      expect(token.totalSupply).toBe((100_000_000n * 10n ** 18n).toString())
      expect(token.burns).toEqual([])
      expect(token.burnEpochs.map((e: { executed: boolean }) => e.executed)).toEqual([false, false, false])
      expect(BigInt(token.burnEpochs[0].dueAt)).toBe(
        (await read<{ time: bigint }>(deployment.contracts.BurnSchedule, burnScheduleAbi, 'epoch', [0n])).time,
      )
      expect(indexer.logs()).toMatch(/cleared indexer database/)
      // The API started once the indexing process had created Ponder's tables, so no request
      // failed on a missing one (each such failure logged a stack trace).
      expect(indexer.logs()).not.toMatch(/relation "_ponder_\w+" does not exist/)

      // On the new chain: one presale purchase crosses the 60M NTK hard cap. It is filled in part
      // (the buyer pays the least wei covering what is left, rounded up) and the rest is refunded.
      const driver = createSaleDriver(anvil.rpcUrl, deployment)
      const sent = parseEther('60000')
      const hardCap = 60_000_000n * 10n ** 18n
      const ratePerWei = TOKENS_PER_ETH * (BPS + 500n) // the >10,000 ETH presale tier: +5%
      const accepted = (hardCap * BPS + ratePerWei - 1n) / ratePerWei
      const receipt = await driver.buy(driver.accounts.buyerA, driver.accounts.buyerA.address, sent)
      await waitForIndexedBlock(indexer, CHAIN_ID, receipt.blockNumber)
      expect(await read<bigint>(deployment.contracts.TokenSale, tokenSaleAbi, 'weiRaised')).toBe(accepted)

      const sale = (await getJson<Row>(indexer.url, '/api/sale')).body
      expect(sale).toMatchObject({
        weiRaised: accepted.toString(),
        refundedWei: (sent - accepted).toString(),
        tokensSold: hardCap.toString(),
        bonusTokens: (hardCap - accepted * TOKENS_PER_ETH).toString(),
        purchaseCount: 1,
        buyerCount: 1,
        progress: { soldBps: 10_000, remainingTokens: '0', soldOut: true, capRevealed: false },
      })
      const { body: mine } = await getJson<Row>(indexer.url, `/api/buyers/${driver.accounts.buyerA.address}`)
      expect(mine.purchases).toEqual([
        expect.objectContaining({ weiAccepted: accepted.toString(), refundWei: (sent - accepted).toString(), bonusBps: 500 }),
      ])
      // A new chain, deployment, codegen and indexer start: the work of the suite's beforeAll, so its time limit.
    }, 240_000)
  })
}
