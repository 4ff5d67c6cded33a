// Browser tests of the dApp against the real platform (see stack.ts): a buyer connects through
// RainbowKit, passes the real compliance signer, buys, and sees the chain and the indexer agree;
// refusals are shown as the signer words them; the burner wallet works with no extension; the
// Token page executes a due burn epoch after time travel; past its end the sale is finalized
// through the UI and a recipient withdraws its share of the raised ETH with the burner wallet on a
// dev account. Also: routes and deep links, the quote and the form's refusals, Max, the chain
// indicator when the RPC dies, and the pages at a phone's 390 px width.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { anvilAccounts, burnScheduleAbi, neuroTokenAbi, tokenSaleAbi } from '@neuromation/sdk'
import type { BrowserContext, Page } from 'playwright-core'
import { type Address, formatEther, type Hex, parseEther, walletActions } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatDateTime, formatEth, formatNtk } from '../src/lib/format'
import { buildDapp } from './buildDapp'
import { serveStatic } from './serveStatic'
import { type Stack, startStack } from './stack'
import { installTestWallet, testWalletName } from './testWallet'
import { waitForText } from './waitForText'
import { waitUntil } from './waitUntil'

let stack: Stack
const contexts: BrowserContext[] = []

beforeAll(async () => {
  stack = await startStack()
})

// Each test's pages close with it: left open, they keep polling the chain and the indexer and
// slow every later test down on a small machine.
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined)
})

afterAll(async () => {
  await stack?.stop()
})

/**
 * A fresh browser profile on the dApp, with the test wallet injected when `walletKey` is given.
 * Records requests to anything but loopback (the app must make none) and uncaught page errors.
 */
async function openApp(path: string, walletKey?: Hex, viewport = { width: 1280, height: 900 }) {
  const context = await stack.browser.newContext({ viewport })
  contexts.push(context)
  const wallet = walletKey
    ? await installTestWallet(context, { privateKey: walletKey, chain: stack.chain, rpcUrl: stack.rpcUrl })
    : undefined
  const page = await context.newPage()
  const external: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      external.push(request.url())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  // The tests wait for what they need on the page; the full load event can lag far behind on a busy machine.
  await page.goto(`${stack.dappUrl}/${path}`, { waitUntil: 'domcontentloaded' })
  return { context, page, wallet, external, errors }
}

/**
 * Saves a screenshot for people to look at (/tmp/dapp-*.png). Not an assertion: on a loaded
 * machine the software-rendered capture can take long, and a slow one must not fail a test whose
 * checks all passed, so it is given a minute and a failure is reported, not thrown.
 */
async function saveScreenshot(page: Page, path: string, fullPage = false) {
  // DAPP_SCREENSHOT_DIR keeps one run's pictures apart from another's (e.g. two checkouts on one machine).
  const dir = process.env.DAPP_SCREENSHOT_DIR
  if (dir) path = join(dir, basename(path))
  await page.screenshot({ path, fullPage, timeout: 60_000 }).catch((error: unknown) => {
    console.warn(`screenshot ${path} not saved: ${error instanceof Error ? error.message : String(error)}`)
  })
}

/** Every cell of `table` lies within the first `width` CSS pixels: nothing is cut off or scrolled out of sight. */
async function expectWithinWidth(table: ReturnType<Page['getByRole']>, width: number) {
  const boxes = await table.locator('td').evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().right))
  expect(boxes.length).toBeGreaterThan(0)
  expect(Math.max(...boxes)).toBeLessThanOrEqual(width)
}

/** Opens RainbowKit's modal and picks `walletName`; resolves once the app shows the account. */
async function connect(page: Page, walletName: string) {
  await page.getByRole('button', { name: 'Connect Wallet' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: walletName }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
}

async function declare(page: Page, country: string, accredited: boolean) {
  await page.getByLabel('Country of residence').selectOption(country)
  const box = page.getByLabel('I am an accredited investor')
  if (accredited) await box.check()
  else await box.uncheck()
  await page.getByRole('button', { name: 'Check eligibility' }).click()
}

/**
 * A deployed contract's address as the stack's deployment reports it: a plain address, or the
 * `{ address, abi?, startBlock }` entry the deploy script writes per contract.
 */
const contractAddress = (name: 'NeuroToken' | 'TokenSale' | 'BurnSchedule'): Address => {
  const entry = stack.deployment.contracts[name] as Address | { address: Address }
  return typeof entry === 'string' ? entry : entry.address
}

const ntkBalance = (address: `0x${string}`) =>
  stack.testClient.readContract({
    address: contractAddress('NeuroToken'),
    abi: neuroTokenAbi,
    functionName: 'balanceOf',
    args: [address],
  })

// Each test drives several pages through real transactions; on a busy 2-core machine that takes
// well over the default minute.
describe('dApp against the real platform', { timeout: 180_000 }, () => {
  it('connects through RainbowKit, gets a voucher, buys 2 ETH of NTK and sees it indexed', async () => {
    const { page, wallet, external, errors } = await openApp('sale', anvilAccounts[2].privateKey)
    // The local deploy funds anvil #2 (a local executor) with NTK for staking: count from there.
    const startNtk = await ntkBalance(anvilAccounts[2].address as Address)
    const exactly = (units: bigint) => new RegExp(`^${formatNtk(units).replaceAll('.', '\\.')}$`)
    await waitForText(page.getByTestId('sale-phase'), 'Presale')
    expect(wallet!.seen).not.toContain('eth_requestAccounts') // nothing connects before the user asks

    await page.getByRole('button', { name: 'Connect Wallet' }).first().click()
    await page.getByRole('dialog').waitFor()
    await saveScreenshot(page, '/tmp/dapp-connect-modal.png')
    await page.getByRole('dialog').getByRole('button', { name: testWalletName }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await waitForText(page.getByTestId('ntk-balance'), exactly(startNtk))

    await declare(page, 'DE', true)
    await waitForText(page.getByTestId('eligibility-result'), 'Germany · accredited investor')
    const limitText = await waitForText(page.getByTestId('limit-remaining'), /ETH$/)

    await page.getByLabel('Amount to pay').fill('2')
    await waitForText(page.getByTestId('estimate-tokens'), /^2,000 NTK$/)
    expect(await page.getByTestId('estimate').innerText()).toContain('2,000 NTK + bonus 0 NTK (0%)')

    await page.getByRole('button', { name: 'Buy 2,000 NTK' }).click()
    await waitForText(
      page.getByRole('status').filter({ hasText: 'Confirmed' }),
      'Your NTK has been delivered: 2,000 NTK for 2 ETH',
    )
    // The form starts over: no amount, no error beside "Confirmed", the same buy not offered again.
    expect(await page.getByLabel('Amount to pay').inputValue()).toBe('')
    expect(await page.locator('.field-error').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Buy NTK', exact: true }).isDisabled()).toBe(true)
    await waitForText(page.getByTestId('ntk-balance'), exactly(startNtk + parseEther('2000')))
    expect(await ntkBalance(wallet!.address)).toBe(startNtk + parseEther('2000'))

    // The limit is cumulative: 2 ETH less than before.
    const before = parseEther(limitText.replace(/[ ,A-Z]/g, ''))
    await waitForText(
      page.getByTestId('limit-remaining'),
      `${(Number(before - parseEther('2')) / 1e18).toLocaleString('en-US')} ETH`,
    )

    const mine = page.getByRole('table', { name: 'Your purchases' })
    const row = await waitForText(mine.locator('tbody tr'), '2,000 NTK')
    expect(row).toContain('2 ETH')
    expect(row).toContain('Presale')
    await waitForText(page.getByRole('table', { name: 'Recent purchases' }).locator('tbody tr'), '2,000 NTK')
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, '/tmp/dapp-sale.png', true)

    // A huge amount: the cap cuts it, the tier comes from the accepted part, the parts add up to
    // what TokenSale.quote says, and the voucher's limit refuses it before anything is sent.
    const huge = parseEther('1000000')
    const [weiAccepted, refundWei, tokens, bonusTokens] = await stack.testClient.readContract({
      address: contractAddress('TokenSale'),
      abi: tokenSaleAbi,
      functionName: 'quote',
      args: [huge],
    })
    expect(refundWei).toBeGreaterThan(0n)
    await page.getByLabel('Amount to pay').fill('1000000')
    // The card shows two decimals; the base is the shown total less the shown bonus, so they add up.
    const trunc = (units: bigint) => units - (units % 10n ** 16n)
    await waitForText(page.getByTestId('estimate-tokens'), new RegExp(`^${formatNtk(trunc(tokens))}$`))
    expect(await page.getByTestId('estimate-parts').innerText()).toBe(
      `${formatNtk(trunc(tokens) - trunc(bonusTokens))} + bonus ${formatNtk(trunc(bonusTokens))} (5%)`,
    )
    expect(await page.getByTestId('estimate').innerText()).toContain(`Only ${formatEth(weiAccepted, 6)} can be accepted`)
    await waitForText(page.getByTestId('amount-help'), 'This exceeds your remaining limit of')
    expect(await page.getByRole('button', { name: 'Buy NTK', exact: true }).isDisabled()).toBe(true)
    expect(wallet!.seen).toContain('eth_sendTransaction')
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it("shows the signer's refusal verbatim and offers no buy button", async () => {
    const { page, external } = await openApp('sale', anvilAccounts[3].privateKey)
    await connect(page, testWalletName)
    const address = privateKeyToAccount(anvilAccounts[3].privateKey).address

    for (const [country, accredited] of [
      ['CN', true],
      ['US', false],
    ] as const) {
      const direct = await fetch(`${stack.signerUrl}/v1/vouchers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payer: address, beneficiary: address, country, accredited }),
      })
      expect(direct.status).toBe(403)
      const { error } = (await direct.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('RESTRICTED_JURISDICTION')

      await declare(page, country, accredited)
      await waitForText(page.getByTestId('eligibility-error'), error.message)
      expect(await page.getByRole('alert').filter({ hasText: 'Not eligible' }).count()).toBe(1)
      expect(await page.getByRole('button', { name: /^Buy/ }).count()).toBe(0)
    }
    // A declaration without a country never reaches the signer.
    await page.getByLabel('Country of residence').selectOption('')
    await page.getByRole('button', { name: 'Check eligibility' }).click()
    await waitForText(page.locator('.field-error'), 'Select your country of residence.')
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, '/tmp/dapp-refusal.png', true)
    expect(external).toEqual([])
  })

  it('lets a browser without any wallet extension buy with the funded burner wallet', async () => {
    const { page, external, errors } = await openApp('sale')
    expect(await page.evaluate(() => 'ethereum' in window)).toBe(false)
    // Only wallets this browser has are offered: here the burner alone (no extension to "get").
    await page.getByRole('button', { name: 'Connect Wallet' }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Burner wallet' }).waitFor()
    expect((await dialog.getByRole('button').allInnerTexts()).join(' | ')).not.toMatch(/Rabby|Brave|MetaMask|Browser Wallet/)
    await dialog.getByRole('button', { name: 'Burner wallet' }).click()
    await dialog.waitFor({ state: 'detached', timeout: 30_000 })
    const key = (await page.evaluate(() => localStorage.getItem('neuromation.burner.privateKey'))) as Hex
    const burner = privateKeyToAccount(key).address
    expect(await stack.testClient.getBalance({ address: burner })).toBeGreaterThanOrEqual(parseEther('100'))
    await waitForText(page.getByText('ETH balance').locator('..'), /100 ETH/)

    await declare(page, 'DE', false)
    await waitForText(page.getByTestId('eligibility-result'), 'Germany · not accredited')
    await page.getByLabel('Amount to pay').fill('1')
    await page.getByRole('button', { name: 'Buy 1,000 NTK' }).click()
    await waitForText(page.getByTestId('ntk-balance'), /^1,000 NTK$/)
    expect(await ntkBalance(burner)).toBe(parseEther('1000'))
    await waitForText(page.getByRole('table', { name: 'Your purchases' }).locator('tbody tr'), '1,000 NTK')

    // The same burner comes back after a reload, already connected, and its declaration is
    // remembered: the next purchase needs a new single-use voucher, fetched without asking again.
    await page.reload()
    await waitForText(page.getByTestId('ntk-balance'), /^1,000 NTK$/)
    await waitForText(page.getByTestId('eligibility-result'), 'Germany · not accredited')
    await waitForText(page.getByTestId('limit-remaining'), /^99 ETH$/)
    await page.getByLabel('Amount to pay').fill('1')
    await page.getByRole('button', { name: 'Buy 1,000 NTK' }).click()
    await waitForText(page.getByTestId('ntk-balance'), /^2,000 NTK$/)
    await waitForText(page.getByTestId('limit-remaining'), /^98 ETH$/)
    expect(await page.getByRole('table', { name: 'Your purchases' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(1)
    await waitUntil(
      async () => (await page.getByRole('table', { name: 'Your purchases' }).locator('tbody tr').count()) === 2,
      30_000,
      'both purchases indexed',
    )

    // 1 wei would buy 0.000000000000001 NTK ("Buy 0 NTK"): refused, naming the smallest amount.
    const amount = page.getByLabel('Amount to pay')
    const buyNtk = page.getByRole('button', { name: 'Buy NTK', exact: true })
    await amount.fill('0.000000000000000001')
    await waitForText(page.getByTestId('amount-help'), 'Enter at least 0.00001 ETH: a smaller amount buys less than 0.01 NTK.')
    expect(await buyNtk.isDisabled()).toBe(true)

    // The whole balance leaves nothing for the fee: refused in words, before the wallet is asked.
    const balance = await stack.testClient.getBalance({ address: burner })
    await amount.fill(formatEther(balance))
    await waitForText(
      page.getByTestId('amount-help'),
      /^Keep about [\d.]+ ETH for the network fee: you can pay at most [\d.]+ ETH\. Use Max to enter it\.$/,
    )
    expect(await buyNtk.isDisabled()).toBe(true)

    // Max enters the balance less the fee reserve (the limit left, 98 ETH, is more), and it goes through.
    await page.getByRole('button', { name: 'Max' }).click()
    const maxWei = parseEther(await amount.inputValue())
    expect(maxWei).toBeLessThan(balance)
    expect(maxWei).toBeGreaterThan(balance - parseEther('0.01'))
    const buyMax = page.getByRole('button', { name: /^Buy [\d,.]+ NTK$/ })
    await buyMax.click()
    await waitForText(page.getByRole('status').filter({ hasText: 'Confirmed' }), 'Your NTK has been delivered')
    expect(await ntkBalance(burner)).toBe(parseEther('2000') + maxWei * 1_000n)
    const left = await stack.testClient.getBalance({ address: burner })
    expect(left).toBeGreaterThan(0n)
    expect(left).toBeLessThan(parseEther('0.01'))
    expect(await amount.inputValue()).toBe('')

    // A phone: nothing wider than the screen; tables become labelled rows.
    await page.setViewportSize({ width: 390, height: 844 })
    await waitUntil(
      async () => (await page.getByRole('table', { name: 'Your purchases' }).locator('tbody tr').count()) === 3,
      30_000,
      'the Max purchase indexed',
    )
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await expectWithinWidth(page.getByRole('table', { name: 'Your purchases' }), 390)
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, '/tmp/dapp-sale-mobile.png', true)
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it('routes: deep links load their page, unknown paths show a 404, old hash links still work', async () => {
    const { page, errors } = await openApp('token')
    await waitForText(page.getByRole('heading', { level: 1 }), 'NeuroToken (NTK)')
    expect(await page.getByRole('link', { name: 'Token' }).getAttribute('aria-current')).toBe('page')

    // The layout's navigation changes the page without a reload.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sale' }).click()
    await waitForText(page.getByRole('heading', { level: 1 }), 'NeuroToken sale')
    expect(new URL(page.url()).pathname).toBe('/sale')
    // Each page names itself in the tab.
    expect(await page.title()).toBe('Sale · Neuromation')

    await page.goto(`${stack.dappUrl}/no/such/page`)
    await waitForText(page.getByRole('heading', { level: 1 }), 'Page not found')
    await waitForText(page.getByTestId('not-found-path'), '/no/such/page')
    expect(await page.title()).toBe('Page not found · Neuromation')
    // The layout stays: header and footer around the 404.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1)

    await page.goto(`${stack.dappUrl}/#/token`)
    await waitUntil(async () => new URL(page.url()).pathname === '/token', 10_000, 'the hash link to become /token')
    await waitForText(page.getByRole('heading', { level: 1 }), 'NeuroToken (NTK)')
    await page.goto(stack.dappUrl)
    await waitUntil(async () => new URL(page.url()).pathname === '/sale', 10_000, '/ to open the sale')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${stack.dappUrl}/nope`)
    await waitForText(page.getByRole('heading', { level: 1 }), 'Page not found')
    await saveScreenshot(page, '/tmp/dapp-404-mobile.png', true)
    expect(errors).toEqual([])
  })

  it('turns the chain indicator red when the RPC stops answering, and green again when it is back', async () => {
    const { context, page } = await openApp('sale')
    const status = page.getByTestId('network-status')
    await waitForText(status, /block \d+/)
    expect(await status.getAttribute('data-health')).toBe('up')

    // The node "dies": every request to it fails, as with a stopped anvil.
    const rpc = new URL(stack.rpcUrl).origin
    const dead = (url: URL) => url.origin === rpc
    await context.route(dead, (route) => route.abort('connectionrefused'))
    await waitUntil(async () => (await status.getAttribute('data-health')) === 'down', 15_000, 'the indicator to turn red')
    expect(await status.innerText()).toContain('RPC unreachable')
    await saveScreenshot(page, '/tmp/dapp-rpc-down.png')

    await context.unroute(dead)
    await waitUntil(async () => (await status.getAttribute('data-health')) === 'up', 15_000, 'the indicator to turn green again')
  })

  it('shows supply and the burn schedule, and executes epoch 1 once it is due', async () => {
    const { page, external, errors } = await openApp('token', anvilAccounts[4].privateKey)
    await waitForText(page.getByTestId('total-supply'), /^100,000,000 NTK$/)
    await waitForText(page.getByTestId('holder-count'), /^\d+$/)
    await page.getByRole('img', { name: /^Total supply 100 million NTK now/ }).waitFor()
    expect(await page.getByRole('table', { name: 'Burn epochs' }).locator('tbody tr').count()).toBe(3)
    await connect(page, testWalletName)
    const execute = page.getByRole('button', { name: 'Execute epoch 1' })
    expect(await execute.isDisabled()).toBe(true)

    const epoch = await stack.testClient.readContract({
      address: contractAddress('BurnSchedule'),
      abi: burnScheduleAbi,
      functionName: 'epoch',
      args: [0n],
    })
    const vault = await stack.testClient.readContract({
      address: contractAddress('BurnSchedule'),
      abi: burnScheduleAbi,
      functionName: 'vaultBalance',
    })
    await stack.testClient.setNextBlockTimestamp({ timestamp: epoch.time + 1n })
    await stack.testClient.mine({ blocks: 1 })

    await waitForText(page.getByTestId('epoch-row-1'), 'Due now')
    await execute.click()
    const burned = Number(vault / 10n ** 18n).toLocaleString('en-US')
    await waitForText(page.getByTestId('epoch-outcome'), `Burned ${burned} NTK of a 30,000,000 NTK target`)
    const supplyAfter = (100_000_000 - Number(vault / 10n ** 18n)).toLocaleString('en-US')
    await waitForText(page.getByTestId('total-supply'), `${supplyAfter} NTK`)
    await waitForText(page.getByTestId('total-burned'), `${burned} NTK`)
    await waitForText(page.getByTestId('epoch-row-1'), 'Executed')
    await waitForText(page.getByTestId('vault-balance'), /^0 NTK$/)
    expect(
      await stack.testClient.readContract({
        address: contractAddress('NeuroToken'),
        abi: neuroTokenAbi,
        functionName: 'totalSupply',
      }),
    ).toBe(parseEther('100000000') - vault)

    // The vault covered only part of the 30M target: the rest stays owed, and once the treasury
    // (the deployer) funds the vault, anyone burns it with "Burn what is owed".
    const owed = parseEther('30000000') - vault
    await waitForText(page.getByTestId('shortfall-owed'), 'not lost')
    const treasury = privateKeyToAccount(anvilAccounts[0].privateKey as Hex)
    const wallet = stack.testClient.extend(walletActions)
    const topUp = parseEther('1000000')
    await stack.testClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        account: treasury,
        address: contractAddress('NeuroToken'),
        abi: neuroTokenAbi,
        functionName: 'approve',
        args: [contractAddress('BurnSchedule'), topUp],
      }),
    })
    await stack.testClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        account: treasury,
        address: contractAddress('BurnSchedule'),
        abi: burnScheduleAbi,
        functionName: 'fund',
        args: [topUp],
      }),
    })
    const settle = page.getByRole('button', { name: 'Burn what is owed (1,000,000 NTK)' })
    await settle.waitFor()
    await settle.click()
    await waitForText(page.getByTestId('settle-outcome'), `Burned 1,000,000 NTK; ${formatNtk(owed - topUp, 0)} is still owed`)
    expect(
      await stack.testClient.readContract({
        address: contractAddress('BurnSchedule'),
        abi: burnScheduleAbi,
        functionName: 'shortfall',
      }),
    ).toBe(owed - topUp)
    await waitForText(page.getByTestId('vault-balance'), /^0 NTK$/)
    // The sale closed with the time travel: the sale page says so and offers no purchase.
    const sale = await stack.testClient.readContract({
      address: contractAddress('TokenSale'),
      abi: tokenSaleAbi,
      functionName: 'phase',
    })
    expect(sale).toBe(4) // Ended
    // The indexer catches up with the burn: the emptied vault drops out of the top holders.
    await stack.waitForIndexer()
    await waitUntil(
      async () => !(await page.getByRole('table', { name: 'Top holders' }).innerText()).includes('Burn vault'),
      30_000,
      'the indexed burn to empty the vault',
    )
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, '/tmp/dapp-token.png', true)
    // A phone: the chart is drawn at the screen's width, the tables become labelled rows.
    await page.setViewportSize({ width: 390, height: 844 })
    await waitUntil(
      async () => Number(await page.locator('.chart svg').getAttribute('width')) <= 390,
      10_000,
      'the chart to fit 390 px',
    )
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    // Its labels keep a legible size (a fixed 760-unit viewBox shrank them to about 5 px).
    const label = await page.locator('.chart-axis').first().boundingBox()
    expect(label!.height).toBeGreaterThanOrEqual(9)
    await expectWithinWidth(page.getByRole('table', { name: 'Burn epochs' }), 390)
    await saveScreenshot(page, '/tmp/dapp-token-mobile.png', true)
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  // After the Token-page test: finalizing burns the unsold NTK, which would break its 100M supply.
  it('finalizes the ended sale through the UI, then the platform withdraws its share with the burner on dev account #0', async () => {
    const tokenSale = { address: contractAddress('TokenSale'), abi: tokenSaleAbi } as const
    const { saleEnd } = await stack.testClient.readContract({ ...tokenSale, functionName: 'schedule' })
    // Past the scheduled end wherever the earlier tests left the clock (never backwards).
    const latest = await stack.testClient.getBlock()
    await stack.testClient.setNextBlockTimestamp({ timestamp: latest.timestamp + 1n > saleEnd ? latest.timestamp + 1n : saleEnd })
    await stack.testClient.mine({ blocks: 1 })
    expect(await stack.testClient.readContract({ ...tokenSale, functionName: 'phase' })).toBe(4) // Ended

    const [hardCap, soldBefore] = await Promise.all([
      stack.testClient.readContract({ ...tokenSale, functionName: 'HARD_CAP_TOKENS' }),
      stack.testClient.readContract({ ...tokenSale, functionName: 'tokensSold' }),
    ])
    // finalize() burns exactly the unsold allocation, whatever else the sale holds.
    const unsold = hardCap - soldBefore
    const held = await stack.testClient.getBalance({ address: tokenSale.address })
    const supplyBefore = await stack.testClient.readContract({
      address: contractAddress('NeuroToken'),
      abi: neuroTokenAbi,
      functionName: 'totalSupply',
    })
    const [weiRaised, tokensSold] = await Promise.all([
      stack.testClient.readContract({ ...tokenSale, functionName: 'weiRaised' }),
      stack.testClient.readContract({ ...tokenSale, functionName: 'tokensSold' }),
    ])
    expect(unsold).toBeGreaterThan(0n)
    expect(await ntkBalance(tokenSale.address)).toBe(unsold)
    expect(held).toBe(weiRaised)

    // Anyone may finalize: account #5 is no recipient and sees no Raised ETH panel.
    const finalizer = await openApp('sale', anvilAccounts[5].privateKey)
    const { page } = finalizer
    await waitForText(page.getByTestId('sale-phase'), 'Sale ended')
    await page.getByRole('heading', { name: 'The sale has ended' }).waitFor()
    await waitForText(page.getByTestId('unsold-tokens'), formatNtk(unsold))
    await waitForText(page.getByTestId('finalize-explainer'), `makes the raised ${formatEth(held)} withdrawable`)
    expect(await page.getByRole('button', { name: 'Check eligibility' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Buy/ }).count()).toBe(0)
    await connect(page, testWalletName)
    await page.getByRole('button', { name: 'Finalize sale' }).click()

    await waitForText(page.getByTestId('sale-phase'), 'Sale finalized')
    expect(await stack.testClient.readContract({ ...tokenSale, functionName: 'phase' })).toBe(5) // Finalized
    const [finalized] = await stack.testClient.getContractEvents({
      ...tokenSale,
      eventName: 'Finalized',
      fromBlock: BigInt(stack.deployment.startBlock),
    })
    expect(finalized.args).toMatchObject({
      tokensBurned: unsold,
      raisedWei: weiRaised,
      tokensSold,
      caller: anvilAccounts[5].address,
    })
    expect(await ntkBalance(tokenSale.address)).toBe(0n)
    expect(
      await stack.testClient.readContract({
        address: contractAddress('NeuroToken'),
        abi: neuroTokenAbi,
        functionName: 'totalSupply',
      }),
    ).toBe(supplyBefore - unsold)
    // "Finalized" shows when the finalize transaction was mined (from the indexer), not the scheduled end.
    const finalizedBlock = await stack.testClient.getBlock({ blockNumber: finalized.blockNumber })
    expect(formatDateTime(finalizedBlock.timestamp)).not.toBe(formatDateTime(saleEnd))
    await waitForText(page.getByTestId('finalized-at'), formatDateTime(finalizedBlock.timestamp))
    await waitForText(page.getByTestId('final-burned'), new RegExp(`^${formatNtk(unsold)}$`))
    await waitForText(page.getByTestId('final-raised'), new RegExp(`^${formatEth(weiRaised)}$`))
    await waitForText(page.getByTestId('final-sold'), new RegExp(`^${formatNtk(tokensSold)}$`))
    expect(await page.getByRole('button', { name: 'Finalize sale' }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Raised ETH' }).count()).toBe(0)
    expect(finalizer.external).toEqual([])
    expect(finalizer.errors).toEqual([])
    await finalizer.context.close()

    // Account #0 is the platform and the liquidity reserve (script/config/local.json): 80% of the
    // ETH, i.e. all of it but the two 10% shares, each rounded down.
    const platform = anvilAccounts[0].address
    const credit = await stack.testClient.readContract({ ...tokenSale, functionName: 'withdrawableOf', args: [platform] })
    expect(credit).toBe(held - 2n * ((held * 1_000n) / 10_000n))
    // No wallet extension: the burner wallet signs with dev account #0 (local chain only).
    const recipient = await openApp('sale')
    await connect(recipient.page, 'Burner wallet')
    await recipient.page.getByLabel('Burner account').selectOption('0')
    await waitForText(recipient.page.getByTestId('recipient-role'), 'Platform and liquidity reserve')
    await waitForText(recipient.page.getByTestId('withdrawable'), new RegExp(`^${formatEth(credit)}$`))
    const ethBefore = await stack.testClient.getBalance({ address: platform })
    await recipient.page.getByRole('button', { name: 'Withdraw' }).click()
    await waitForText(recipient.page.getByTestId('withdraw-outcome'), `${formatEth(credit)} was sent to your wallet`)
    await waitForText(recipient.page.getByTestId('withdrawable'), /^0 ETH$/)
    expect(await stack.testClient.readContract({ ...tokenSale, functionName: 'withdrawableOf', args: [platform] })).toBe(0n)

    // The wallet gained the credit less the withdrawal's gas, on chain and in the wallet panel.
    const [withdrawn] = await stack.testClient.getContractEvents({
      ...tokenSale,
      eventName: 'Withdrawn',
      args: { account: platform },
      fromBlock: 0n,
    })
    expect(withdrawn.args.amount).toBe(credit)
    const receipt = await stack.testClient.getTransactionReceipt({ hash: withdrawn.transactionHash })
    const ethAfter = await stack.testClient.getBalance({ address: platform })
    expect(ethAfter).toBe(ethBefore + credit - receipt.gasUsed * receipt.effectiveGasPrice)
    await waitForText(recipient.page.getByText('ETH balance', { exact: true }).locator('..'), formatEth(ethAfter))
    await recipient.page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(recipient.page, '/tmp/dapp-sale-finalized.png', true)
    expect(recipient.external).toEqual([])
    expect(recipient.errors).toEqual([])
  })

  it('explains a chain with no deployment instead of failing', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'dapp-test-undeployed-'))
    try {
      await buildDapp(outDir, { VITE_CHAIN_ID: '424242', VITE_RPC_URL: stack.rpcUrl })
      const server = await serveStatic(outDir)
      try {
        const context = await stack.browser.newContext()
        try {
          const page = await context.newPage()
          await page.goto(server.url)
          await waitForText(page.getByRole('heading', { level: 1 }), 'Not deployed on chain 424242')
          expect(await page.locator('main').innerText()).toContain('npm start')
          expect(await page.locator('main').innerText()).toContain('npm run codegen')
        } finally {
          await context.close()
        }
      } finally {
        await server.close()
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  }, 180_000)

  // Last: it stops the indexer.
  it('keeps working from the chain when the indexer is down', async () => {
    await stack.indexer.stop()
    const { page, errors } = await openApp('token', anvilAccounts[2].privateKey)
    await waitForText(page.getByRole('alert').filter({ hasText: 'Indexer unavailable' }), 'cannot be loaded right now')
    await waitForText(page.getByTestId('total-supply'), /NTK$/)
    await page.goto(`${stack.dappUrl}/sale`)
    await waitForText(page.getByRole('alert').filter({ hasText: 'Indexer unavailable' }), 'Purchase history cannot be loaded')
    // Finalized by the test before; the final figures come from the chain's Finalized event.
    await waitForText(page.getByTestId('sale-phase'), 'Sale finalized')
    await waitForText(page.getByTestId('final-burned'), /NTK$/)
    expect(errors).toEqual([])
  })
})
