// Browser test of the Executors page against the real platform (stack.ts: anvil, deployment,
// indexer, dApp, Chromium): anvil #2 (a local executor, funded with NTK by the local deploy)
// connects its wallet, is refused bad input in each form, registers its node, stakes with a
// permit, places and cancels a GENERATE ask, starts an unbond, and sees itself on the indexed
// leaderboard under the name its metadata document (published on IPFS) gives, with its earnings. Screenshots at desktop and 390 px widths (/tmp/dapp-executors-*.png).

import { basename, join } from 'node:path'
import { anvilAccounts, EXECUTOR_METADATA_FORMAT, encodeExecutorMetadata, nodeRegistryAbi } from '@neuromation/sdk'
import type { BrowserContext, Page } from 'playwright-core'
import { type Address, type Hex, parseEther } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { gatewayClient } from '../src/jobs/gatewayClient'
import { type Stack, startStack } from './stack'
import { installTestWallet, testWalletName } from './testWallet'
import { waitForText } from './waitForText'
import { waitUntil } from './waitUntil'

let stack: Stack
const contexts: BrowserContext[] = []

beforeAll(async () => {
  stack = await startStack()
})

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined)
})

afterAll(async () => {
  await stack?.stop()
})

async function openApp(path: string, walletKey: Hex, viewport = { width: 1280, height: 900 }) {
  const context = await stack.browser.newContext({ viewport })
  contexts.push(context)
  await installTestWallet(context, { privateKey: walletKey, chain: stack.chain, rpcUrl: stack.rpcUrl })
  const page = await context.newPage()
  const external: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      external.push(request.url())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${stack.dappUrl}/${path}`, { waitUntil: 'domcontentloaded' })
  return { page, external, errors }
}

/** A screenshot for people to look at; not an assertion (a slow capture must not fail the test). */
async function saveScreenshot(page: Page, path: string) {
  const dir = process.env.DAPP_SCREENSHOT_DIR
  if (dir) path = join(dir, basename(path))
  // From the top: a full-page capture of a scrolled page paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path, fullPage: true, timeout: 60_000 }).catch((error: unknown) => {
    console.warn(`screenshot ${path} not saved: ${error instanceof Error ? error.message : String(error)}`)
  })
}

const registryAddress = () => {
  const entry = stack.deployment.contracts.NodeRegistry as Address | { address: Address }
  return typeof entry === 'string' ? entry : entry.address
}

describe('Executors page against the real platform', { timeout: 300_000 }, () => {
  it('registers a node, stakes with a permit, places and cancels an ask, unbonds, and shows it on the leaderboard', async () => {
    const key = anvilAccounts[2].privateKey as Hex
    const me = anvilAccounts[2].address.toLowerCase() as Address
    const { page, external, errors } = await openApp('executors', key)
    await waitForText(page.getByRole('heading', { level: 1 }), 'Executors')
    expect(await page.getByRole('link', { name: 'Executors' }).getAttribute('aria-current')).toBe('page')

    await page.getByRole('button', { name: 'Connect Wallet' }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: testWalletName }).click()
    await dialog.waitFor({ state: 'detached', timeout: 30_000 })

    // Register: bad input is refused in the form, with what to fix.
    const form = page.getByRole('form', { name: 'Register a node' })
    const registerButton = form.getByRole('button', { name: 'Register node' })
    await form.getByLabel('Throughput (compute units / s)').fill('fast')
    await waitForText(form.getByRole('alert'), 'Throughput must be a whole number.')
    await form.getByLabel('Metadata CID').fill('not-a-cid')
    await waitForText(form.getByRole('alert').last(), /Enter an IPFS CID/)
    expect(await registerButton.isDisabled()).toBe(true)
    await form.getByLabel('Throughput (compute units / s)').fill('5000')
    await form.getByLabel('Accelerator').selectOption('1')
    // The node's metadata document as `neuro-executor register` publishes it; its name carries a
    // right-to-left override, which the page must drop (it could make the name read as another's).
    const metadataCid = await gatewayClient(stack.gatewayUrl).add(
      [
        {
          path: 'executor.json',
          bytes: encodeExecutorMetadata({
            format: EXECUTOR_METADATA_FORMAT,
            name: 'Garage GPU \u202enode',
            version: '0.1.0',
            statusUrl: 'http://127.0.0.1:9/status',
            hardware: { cpus: 8, memoryMiB: 4096, accelerator: 'gpu', backend: 'wasm', unitsPerSecond: 5000 },
          }),
        },
      ],
      { wrap: false },
    )
    expect(metadataCid).toMatch(/^bafkrei/)
    await form.getByLabel('Metadata CID').fill(metadataCid)
    await registerButton.click()
    await waitForText(page.locator('.card-head .pill'), 'Registered', 60_000)
    await waitForText(page.getByTestId('my-name'), /^Garage GPU node$/)
    const node = await stack.testClient.readContract({
      address: registryAddress(),
      abi: nodeRegistryAbi,
      functionName: 'getNode',
      args: [me],
    })
    expect(node.capabilities.computeUnitsPerSecond).toBe(5000n)
    expect(node.capabilities.accelerator).toBe(1)

    // Stake: more than the wallet holds is refused; 500 NTK goes through with one permit signature.
    const stakeForm = page.getByRole('form', { name: 'Stake NTK' })
    await stakeForm.getByLabel(/Amount \(NTK\)/).fill('1000000')
    await waitForText(stakeForm.getByRole('alert'), /That is more than your wallet holds/)
    expect(await stakeForm.getByRole('button', { name: 'Stake' }).isDisabled()).toBe(true)
    await stakeForm.getByLabel(/Amount \(NTK\)/).fill('500')
    await stakeForm.getByRole('button', { name: 'Stake' }).click()
    await waitForText(page.getByTestId('my-stake'), /^500 NTK$/, 60_000)
    expect(
      await stack.testClient.readContract({
        address: registryAddress(),
        abi: nodeRegistryAbi,
        functionName: 'stakeOf',
        args: [me],
      }),
    ).toBe(parseEther('500'))

    // Ask: a capacity the free stake cannot back is refused before the wallet opens.
    const askForm = page.getByRole('form', { name: 'Place an ask' })
    await askForm.getByLabel(/^Price/).fill('100')
    await askForm.getByLabel(/^Capacity/).fill('100000')
    await waitForText(askForm.getByRole('alert'), /need .* of free stake/)
    expect(await askForm.getByRole('button', { name: 'Place ask' }).isDisabled()).toBe(true)
    await askForm.getByLabel(/^Capacity/).fill('4')
    await askForm.getByRole('button', { name: 'Place ask' }).click()
    await waitForText(page.getByTestId('my-ask'), /0\.1 NTK \/ M units/, 60_000)

    // The indexer has the node, its stake and its ask on the leaderboard.
    await stack.waitForIndexer()
    const row = page.getByTestId(`executor-${me}`)
    await waitForText(row, /500 NTK/, 60_000)
    await waitForText(row, /0\.1 NTK \/ M units/)
    await waitForText(row, /4 tasks/)
    await waitForText(row, /5,000 units\/s/)
    await waitForText(row.getByTestId('executor-name'), /^Garage GPU node$/)
    await saveScreenshot(page, '/tmp/dapp-executors-desktop.png')

    // Cancel the ask, then unbond part of the stake.
    await page.getByRole('button', { name: 'Cancel ask' }).click()
    await waitForText(page.getByTestId('my-ask'), /none/, 60_000)
    const unbondForm = page.getByRole('form', { name: 'Request unbond' })
    await unbondForm.getByLabel(/Amount \(NTK\)/).fill('600')
    await waitForText(unbondForm.getByRole('alert'), /That is more than your free stake/)
    await unbondForm.getByLabel(/Amount \(NTK\)/).fill('100')
    await unbondForm.getByRole('button', { name: 'Request unbond' }).click()
    await waitForText(page.getByTestId('my-unbonding'), /100 NTK/, 60_000)
    await waitForText(page.getByTestId('my-stake'), /^400 NTK$/)
    await stack.waitForIndexer()
    await waitForText(row, /no ask/, 60_000)
    await waitForText(row, /400 NTK/, 60_000)

    // A phone: nothing wider than the screen; the leaderboard becomes labelled rows.
    await page.setViewportSize({ width: 390, height: 844 })
    await waitUntil(
      async () => (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
      10_000,
      'the page to fit 390 px',
    )
    const cells = await page
      .getByRole('table', { name: 'Executors' })
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().right))
    expect(Math.max(...cells)).toBeLessThanOrEqual(390)
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, '/tmp/dapp-executors-mobile.png')
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
