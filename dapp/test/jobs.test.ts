// Browser test of the Jobs pages against the real local platform (jobs/jobsPlatform.ts: the
// devkit's anvil with the deployment, indexer, IPFS node publishing the example generators and
// production dApp; Chromium with an injected wallet). An executor (anvil #2) is registered, staked and asks
// in the book; the requester (anvil #5) picks the digits generator, is refused bad params and bad
// job fields before anything is sent, follows the live quote against JobMarket.quote as the max
// price crosses the ask, and posts (spec uploaded to IPFS, permit and post in one transaction).
// The executor (whose registered metadata CID is no document: "progress unavailable") then runs
// its tasks with the engine as an executor does (same shards, Merkle root, result directory on
// IPFS) and submits; the job page shows the grid filling in, the samples with their labels, a
// browser re-check that matches; the requester challenges a task from the page (bond taken), the
// executor proves it and the challenge ends without verifiers; past the challenge window the page's
// Settle button pays the result, the dataset comes with its download and PyTorch snippet, and the
// page's Finalize button ends the job. Screenshots at 1280 and 390 px. Then a real executor
// (`neuro-executor start`, anvil #3) takes a second job posted through the UI; the page shows its
// live progress from the node's /status, then its samples and its dataset. Last, a job no executor
// takes: its requester cancels it from the page, finalizes it and sees the whole escrow to withdraw.
// And a job whose executor never computes it: past the assignment's deadline a visitor reclaims it
// from the page; its tasks go back to the book and the collateral to fees, not to the requester.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createSandboxPool, shardEntries, type TarEntry, writeTar } from '@neuromation/engine'
import { anvilAccounts, encodeJobSpec, merkleProof, merkleRoot, parseJobSpec, taskSamples } from '@neuromation/sdk'
import { jobMarketAbi, neuroTokenAbi, nodeRegistryAbi } from '@neuromation/sdk/abis'
import type { BrowserContext, Page } from 'playwright-core'
import { type Abi, type Address, createWalletClient, type Hex, http, parseEther, sha256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatCost } from '../src/jobs/formatCost'
import { readTar } from '../src/jobs/readTar'
import { type JobsPlatform, startJobsPlatform } from './jobs/jobsPlatform'
import { startExecutorProcess } from './jobs/startExecutorProcess'
import { installTestWallet, testWalletName } from './testWallet'
import { waitForText } from './waitForText'
import { waitUntil } from './waitUntil'

let p: JobsPlatform
const contexts: BrowserContext[] = []
/** The page under test, so a failure can show what it displayed. */
let current: Page | undefined

beforeAll(async () => {
  p = await startJobsPlatform()
})
afterEach(async ({ task }) => {
  // A failed step shows what the page showed: its text in the log and a screenshot.
  if (task.result?.state === 'fail' && current) {
    console.warn(
      `page at failure (${current.url()}):\n${await current
        .locator('main')
        .innerText()
        .catch(() => '<no main>')}`,
    )
    await saveScreenshot(current, '/tmp/dapp-jobs-failure.png')
  }
  current = undefined
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined)
})
afterAll(async () => {
  await p?.stop()
})

const GENERATE = 0
const ASK_PRICE = 50
const executorKey = anvilAccounts[2].privateKey as Hex
const requesterKey = anvilAccounts[5].privateKey as Hex
const address = (name: string): Address => {
  const entry = p.deployment.contracts[name as keyof typeof p.deployment.contracts] as Address | { address: Address }
  return typeof entry === 'string' ? entry : entry.address
}

async function send(key: Hex, contract: string, abi: Abi, functionName: string, args: unknown[]) {
  const account = privateKeyToAccount(key)
  const wallet = createWalletClient({ account, chain: p.chain, transport: http(p.rpcUrl) })
  const { request } = await p.testClient.simulateContract({
    account,
    address: address(contract),
    abi,
    functionName,
    args,
  } as never)
  const hash = await wallet.writeContract(request as never)
  const receipt = await p.testClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted in ${hash}`)
  return receipt
}
const read = <T>(contract: string, abi: Abi, functionName: string, args: unknown[] = []) =>
  p.testClient.readContract({ address: address(contract), abi, functionName, args } as never) as Promise<T>

async function openApp(path: string, key: Hex, viewport = { width: 1280, height: 900 }) {
  const context = await p.browser.newContext({ viewport, acceptDownloads: true })
  contexts.push(context)
  await installTestWallet(context, { privateKey: key, chain: p.chain, rpcUrl: p.rpcUrl })
  const page = await context.newPage()
  const external: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      external.push(request.url())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${p.dappUrl}/${path}`, { waitUntil: 'domcontentloaded' })
  current = page
  return { page, external, errors }
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect Wallet' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: testWalletName }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
}

/** A screenshot for people to look at (/tmp/dapp-jobs-*.png or DAPP_SCREENSHOT_DIR); not an assertion. */
async function saveScreenshot(page: Page, path: string) {
  const dir = process.env.DAPP_SCREENSHOT_DIR
  if (dir) path = join(dir, basename(path))
  // From the top: a full-page capture of a scrolled page paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path, fullPage: true, timeout: 60_000 }).catch((error: unknown) => {
    console.warn(`screenshot ${path} not saved: ${error instanceof Error ? error.message : String(error)}`)
  })
}

/** Nothing on the page is wider than the viewport (a 390 px phone must not scroll sideways). */
async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

describe('Jobs pages against the real platform', { timeout: 600_000 }, () => {
  it('posts a GENERATE job through the UI and follows it to its dataset', async () => {
    // An executor in the book: registered, staked, asking 50 ticks for up to 4 tasks.
    await send(executorKey, 'NodeRegistry', nodeRegistryAbi, 'register', [
      { computeUnitsPerSecond: 500n, accelerator: 0, backend: 1, memoryMiB: 4096, bandwidthMbps: 100, storageGiB: 20 },
      'bafkreiexecutornode',
    ])
    await send(executorKey, 'NeuroToken', neuroTokenAbi, 'approve', [address('NodeRegistry'), parseEther('100')])
    await send(executorKey, 'NodeRegistry', nodeRegistryAbi, 'stake', [parseEther('100')])
    await send(executorKey, 'JobMarket', jobMarketAbi, 'placeAsk', [GENERATE, ASK_PRICE, 4, 10n])

    const { page, external, errors } = await openApp('jobs', requesterKey)
    await waitForText(page.getByRole('heading', { level: 1 }), 'Jobs')
    expect(await page.getByRole('link', { name: 'Jobs', exact: true }).getAttribute('aria-current')).toBe('page')
    await waitForText(page.getByText('No jobs yet'), 'No jobs yet')
    await page.getByRole('link', { name: 'Post a job' }).click()
    await waitForText(page.getByRole('heading', { level: 1 }), 'Post a GENERATE job')
    await connect(page)

    // The published digits generator, read from IPFS and checked in the browser.
    await page.getByRole('radio', { name: /digits/ }).check()
    await waitForText(page.getByTestId('generator-info'), 'digits 0.1.0')
    const form = page.getByRole('form', { name: 'Post a job' })

    // Bad params and bad job fields are refused in the form, with what to enter.
    await form.getByLabel('Distortion').fill('3')
    await waitForText(page.getByTestId('param-error-distortion'), '3 is out of range. Enter a number from 0 to 2.')
    await form.getByLabel('Classes').fill('1, 12')
    await waitForText(page.getByTestId('param-error-classes'), 'Item 2: 12 is out of range. Enter a whole number from 0 to 9.')
    await form.getByLabel('Samples per task').fill('20000')
    await waitForText(
      page.getByTestId('job-error-samplesPerTask'),
      '20000 is out of range. Enter the samples per task from 1 to 10,000.',
    )
    await form.getByLabel('Collateral per task (NTK)').fill('0.5')
    await waitForText(page.getByTestId('job-error-collateralNtk'), 'The market requires at least 1 NTK per task.')
    await form.getByRole('button', { name: 'Post job' }).click()
    await waitForText(page.getByTestId('form-invalid'), 'Fix the fields marked above')
    const [jobsBefore] = await read<readonly [bigint, bigint, bigint, bigint]>('JobMarket', jobMarketAbi, 'counts')
    expect(jobsBefore).toBe(0n)

    // Valid values; a max price under the ask: the quote says the book takes nothing.
    await form.getByLabel('Distortion').fill('1.2')
    await form.getByLabel('Classes').fill('3, 5, 8')
    await form.getByLabel('Samples per task').fill('6')
    await form.getByLabel('Tasks').fill('3')
    await form.getByLabel('Seed').fill('42')
    await form.getByLabel('Collateral per task (NTK)').fill('1')
    await form.getByLabel('Max price (ticks per compute unit)').fill(String(ASK_PRICE - 10))
    await waitForText(page.getByTestId('quote-matchable'), '0 of 3 tasks')
    await waitForText(page.getByTestId('quote'), 'No ask in the book takes it: none is at or under your max price')
    // 6 samples x 1 unit in 10 minutes: any node declaring 1 unit/s would do.
    await waitForText(page.getByTestId('quote'), 'from nodes declaring at least 1 compute units/s')
    // Above the ask: the live quote is the contract's.
    await form.getByLabel('Max price (ticks per compute unit)').fill(String(ASK_PRICE + 10))
    await waitForText(page.getByTestId('quote-matchable'), '3 of 3 tasks')
    const quote = await read<{ tasksMatchable: number; cost: bigint; executors: number; expectedSeconds: bigint }>(
      'JobMarket',
      jobMarketAbi,
      'quote',
      [GENERATE, 3, 6n, 1, ASK_PRICE + 10],
    )
    expect(quote.tasksMatchable).toBe(3)
    await waitForText(page.getByTestId('quote-cost'), formatCost(quote.cost))
    await waitForText(page.getByTestId('quote-executors'), '1')
    await saveScreenshot(page, '/tmp/dapp-jobs-new.png')

    // More than the wallet holds: the form says so before any prompt, and where to get NTK.
    await form.getByLabel('Samples per task').fill('10000')
    await form.getByLabel('Tasks').fill('100000')
    await form.getByLabel('Max price (ticks per compute unit)').fill('16777215')
    await waitForText(page.getByTestId('short-of-funds'), 'get NTK first: buy it on the Sale page.')
    expect(await form.getByRole('button', { name: 'Post job' }).isDisabled()).toBe(true)
    expect(await page.getByTestId('short-of-funds').getByRole('link', { name: 'Sale page' }).getAttribute('href')).toBe('/sale')
    await form.getByLabel('Samples per task').fill('6')
    await form.getByLabel('Tasks').fill('3')
    await form.getByLabel('Max price (ticks per compute unit)').fill(String(ASK_PRICE + 10))
    await waitForText(page.getByTestId('quote-matchable'), '3 of 3 tasks')

    // A combination only the generator itself refuses (no schema can say min <= max): the first
    // sample runs in this browser before anything is sent, and the generator's words say why.
    await form.getByLabel('Min stroke width').fill('6')
    await form.getByRole('button', { name: 'Post job' }).click()
    await waitForText(page.getByTestId('tx-error'), 'minStrokeWidth (6) must be <= maxStrokeWidth (5)')
    await waitForText(page.getByTestId('tx-error'), 'nothing was posted')
    const [jobsAfterRefusal] = await read<readonly [bigint, bigint, bigint, bigint]>('JobMarket', jobMarketAbi, 'counts')
    expect(jobsAfterRefusal).toBe(0n)
    await form.getByLabel('Min stroke width').fill('1.6')

    // Post: spec to IPFS, permit and post in one transaction; the page moves to the job.
    const balanceBefore = await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])
    await form.getByRole('button', { name: 'Post job' }).click()
    await page.waitForURL(/\/jobs\/1$/, { timeout: 90_000 })
    const job = await read<{ specCid: string; escrow: bigint; taskCount: number; requester: Address }>(
      'JobMarket',
      jobMarketAbi,
      'getJob',
      [1n],
    )
    expect(job.requester.toLowerCase()).toBe(anvilAccounts[5].address.toLowerCase())
    expect(job.taskCount).toBe(3)
    expect(await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])).toBeLessThan(balanceBefore)
    // The spec the executors will read, exactly as the form described it (params completed by the schema).
    const specBytes = await p.ipfs.getBytes(job.specCid)
    const spec = parseJobSpec(specBytes)
    expect(spec).toEqual({
      version: 1,
      kind: 'GENERATE',
      generator: p.bundles.digits.cid,
      params: { classes: [3, 5, 8], distortion: 1.2, minStrokeWidth: 1.6, maxStrokeWidth: 5 },
      seed: 42,
      samplesPerTask: 6,
    })
    expect(encodeJobSpec(spec)).toEqual(specBytes)
    await p.waitForIndexer()
    await waitForText(page.getByTestId('job-accepted'), '0 / 3')
    await waitUntil(
      async () => (await page.getByTestId('assignment-grid').locator('[data-status="Assigned"]').count()) === 3,
      30_000,
      'three assigned cells',
    )

    // The executor runs its assignment as executors do: the engine's shards, a directory on IPFS, the Merkle root.
    const [assignment] = await p.testClient.getContractEvents({
      address: address('JobMarket'),
      abi: jobMarketAbi,
      eventName: 'TasksAssigned',
      fromBlock: 0n,
    })
    const { assignmentId, firstTask, taskCount } = assignment.args as {
      assignmentId: bigint
      firstTask: number
      taskCount: number
    }
    // This executor registered a metadata CID that is no document: the page says why it has no
    // progress to show, and goes on.
    await waitForText(
      page.getByTestId(`live-${assignmentId}`),
      'progress unavailable: its metadata CID "bafkreiexecutornode" is not a one-block document',
    )
    const pool = await createSandboxPool({ bundle: p.bundles.digits, workers: 1 })
    const files: { path: string; bytes: Uint8Array }[] = []
    const results: { taskIndex: number; shardHash: Hex }[] = []
    try {
      for (let t = firstTask; t < firstTask + taskCount; t++) {
        const { start, count } = taskSamples(spec, t)
        const entries: TarEntry[] = []
        for await (const sample of pool.generate({ params: spec.params, seed: spec.seed, start, count, encode: true }))
          entries.push(...(sample.files ?? shardEntries(sample)))
        const bytes = writeTar(entries)
        files.push({ path: `shard-${String(t).padStart(6, '0')}.tar`, bytes })
        results.push({ taskIndex: t, shardHash: sha256(bytes) })
      }
    } finally {
      await pool.close()
    }
    // Uploaded through the platform's gateway, as an executor's node would provide it.
    const resultCid = await p.ipfs.add(files, { wrap: true })
    await send(executorKey, 'JobMarket', jobMarketAbi, 'submitResult', [assignmentId, merkleRoot(results), resultCid])
    await p.waitForIndexer()

    // Samples appear with their labels; a browser re-check makes the same bytes.
    await waitUntil(
      async () => (await page.getByTestId('assignment-grid').locator('[data-status="Submitted"]').count()) === 3,
      30_000,
      'three submitted cells',
    )
    // Every task has its result in the challenge window: the job is in review, no longer "Open".
    await waitForText(page.getByTestId('job-status'), 'In review', 30_000)
    await waitUntil(async () => (await page.getByTestId('sample-canvas').count()) === 6, 60_000, 'six samples drawn')
    await waitForText(page.getByTestId('sample-0'), '#0 class 3')
    await waitForText(page.getByTestId('sample-1'), '#1 class 5')
    await page.getByTestId('sample-1').getByRole('button', { name: 'Re-check sample' }).click()
    await waitForText(page.getByTestId('recheck-1'), 'Identical: 2 files match', 60_000)
    await saveScreenshot(page, '/tmp/dapp-jobs-job-submitted.png')

    // The requester challenges task 1 from the page: the bond (the job's collateral per task) is
    // taken and the task is challenged until the executor's proof and the verifiers decide.
    const requesterBefore = await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])
    const challengeForm = page.getByRole('form', { name: 'Challenge a task' })
    expect(await challengeForm.getByLabel('Task').getAttribute('placeholder')).toBe('0 to 2')
    await waitForText(
      challengeForm,
      new RegExp(`Assignment #${assignmentId}: tasks 0 to 2 by 0x.+; its challenge window ends in`),
    )
    await challengeForm.getByLabel('Task').fill('7')
    await challengeForm.getByRole('button', { name: 'Challenge task' }).click()
    await waitForText(challengeForm, `Enter a task of assignment #${assignmentId}: from 0 to 2.`)
    await challengeForm.getByLabel('Task').fill('1')
    await challengeForm.getByRole('button', { name: 'Challenge task' }).click()
    await waitForText(challengeForm, 'Challenge opened', 90_000)
    await p.waitForIndexer()
    const challengeRow = page.getByTestId('challenge-1')
    await waitForText(challengeRow.getByTestId('challenge-status'), 'Awaiting proof', 30_000)
    await waitForText(challengeRow, /^#1 · task 1 · by 0x/)
    // The challenge names task 1: that cell alone shows it; the rest of the range is submitted.
    const grid = page.getByTestId('assignment-grid')
    await waitUntil(
      async () =>
        (await grid.locator('[data-status="Challenged"]').count()) === 1 &&
        (await grid.locator('[data-status="Submitted"]').count()) === 2,
      30_000,
      'one challenged cell (task 1) and two submitted',
    )
    expect(await grid.locator('li').nth(1).getAttribute('data-status')).toBe('Challenged')
    expect(await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])).toBe(
      requesterBefore - parseEther('1'),
    )
    await waitForText(page.getByTestId('job-status'), 'Challenged', 30_000)
    await saveScreenshot(page, '/tmp/dapp-jobs-challenged.png')
    // The executor proves the task; no fresh executor verifies it here, so once the verification
    // windows pass the challenge ends without quorum: 90% of the bond is credited back (a tenth goes
    // to fees), the result stands.
    await send(executorKey, 'JobMarket', jobMarketAbi, 'proveTask', [1n, results[1].shardHash, merkleProof(results, 1)])
    const windows = await read<{ verifyCommitWindow: number; verifyRevealWindow: number; minChallengeWindow: number }>(
      'JobMarket',
      jobMarketAbi,
      'windows',
    )
    const proven = await p.testClient.getBlock()
    await p.testClient.setNextBlockTimestamp({
      timestamp: proven.timestamp + BigInt(windows.verifyCommitWindow + windows.verifyRevealWindow) + 10n,
    })
    await p.testClient.mine({ blocks: 1 })
    await send(anvilAccounts[9].privateKey as Hex, 'JobMarket', jobMarketAbi, 'resolveChallenge', [1n])
    await p.waitForIndexer()
    await waitForText(challengeRow.getByTestId('challenge-status'), 'No quorum', 30_000)
    await waitForText(challengeRow, 'No executor verified the task: the challenger got 90% of its bond back')
    expect(await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])).toBe(parseEther('0.9'))

    // The challenge window passes; anyone settles from the page: the dataset is ready.
    const block = await p.testClient.getBlock()
    await p.testClient.setNextBlockTimestamp({ timestamp: block.timestamp + BigInt(windows.minChallengeWindow) + 120n })
    await p.testClient.mine({ blocks: 1 })
    const actions = page.getByTestId('job-actions')
    await waitForText(page.getByTestId('job-status'), 'Ready to settle', 30_000)
    await actions.getByRole('button', { name: 'Settle 1 result' }).click({ timeout: 60_000 })
    await waitForText(actions, 'Settled', 90_000)
    await p.waitForIndexer()
    await waitForText(page.getByTestId('job-accepted'), '3 / 3', 60_000)
    const dataset = page.getByTestId('dataset')
    await waitForText(dataset, resultCid, 30_000)
    await waitForText(page.getByTestId('snippet'), `${p.gatewayUrl}/ipfs/${resultCid}/shard-000002.tar`)
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      dataset.getByRole('button', { name: 'Download dataset (.tar)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('job-1-dataset.tar')
    const saved = join(p.dir, 'download.tar')
    await download.saveAs(saved)
    const names = readTar(new Uint8Array(readFileSync(saved))).map((f) => f.name)
    // 3 tasks x 6 samples, each an image and a label, in sample order.
    expect(names).toHaveLength(36)
    expect(names[0]).toBe('00000000.json')
    expect(names.at(-1)).toBe('00000017.png')
    // Every task is paid: the chain still says Open until someone finalizes, and the pill says
    // what is left to do. The deadline no longer counts down.
    await waitForText(page.getByTestId('job-status'), /^Done · finalize (for refund|to close)$/, 30_000)
    await waitForText(page.getByTestId('job-deadline'), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    await waitForText(page.getByText('no longer applies: every task is done'), 'no longer applies')
    await saveScreenshot(page, '/tmp/dapp-jobs-job-paid.png')
    // Nothing is in flight: anyone may finalize the job from the page.
    await actions.getByRole('button', { name: 'Finalize job' }).click({ timeout: 60_000 })
    await waitForText(actions, 'Job finalized', 90_000)
    await p.waitForIndexer()
    await waitForText(page.getByRole('heading', { level: 1 }), 'Completed', 30_000)
    // A finished job shows its deadline as a date, no longer as a countdown.
    await waitForText(page.getByTestId('job-deadline'), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    await waitForText(page.getByText('no longer applies: the job is completed'), 'no longer applies')
    expect((await read<{ status: number }>('JobMarket', jobMarketAbi, 'getJob', [1n])).status).toBe(2) // Completed
    // The spec's params read as the generator's form labels them, lists comma-separated.
    await waitForText(page.getByTestId('job-params'), /Classes\s*3, 5, 8\s*Distortion\s*1\.2\s*Min stroke width\s*1\.6/)
    await saveScreenshot(page, '/tmp/dapp-jobs-job-done.png')

    // The unspent escrow and the returned 90% of the bond wait in the market; the requester, who
    // runs no node, withdraws them from the job page.
    const owed = await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])
    expect(owed > parseEther('0.9')).toBe(true)
    const credits = page.getByTestId('market-credits')
    const withdrawButton = credits.getByRole('button', { name: `Withdraw ${formatCost(owed)}` })
    await withdrawButton.waitFor({ timeout: 30_000 })
    const walletBefore = await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])
    await withdrawButton.click()
    await waitForText(credits, 'Sent to your wallet.', 60_000)
    expect(await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])).toBe(0n)
    expect(await read<bigint>('NeuroToken', neuroTokenAbi, 'balanceOf', [anvilAccounts[5].address])).toBe(walletBefore + owed)
    await waitForText(credits.getByRole('button'), 'Nothing to withdraw')

    // The list shows it done; the pages fit a phone.
    await page.getByRole('link', { name: '← Jobs' }).click()
    await waitForText(page.getByTestId('job-1-tasks'), '3 / 3')
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoHorizontalScroll(page)
    await saveScreenshot(page, '/tmp/dapp-jobs-list-390.png')
    await page.goto(`${p.dappUrl}/jobs/1`)
    await waitForText(page.getByTestId('job-accepted'), '3 / 3')
    await expectNoHorizontalScroll(page)
    await saveScreenshot(page, '/tmp/dapp-jobs-job-390.png')
    // A packed bundle folder from this computer: checked in the browser, added through the gateway,
    // and the CID computed in the page is the one the gateway reports (and the engine computes).
    const folder = join(p.dir, 'shelf-bundle')
    mkdirSync(folder, { recursive: true })
    for (const [name, bytes] of Object.entries(p.bundles.shelf.files)) writeFileSync(join(folder, name), bytes)
    await page.goto(`${p.dappUrl}/jobs/new`)
    await page.getByLabel('Or upload a packed bundle folder (generator.json + generator.js)').setInputFiles(folder)
    await waitForText(page.getByText(/uploaded as/), `shelf 1.0.0 uploaded as ${p.bundles.shelf.cid}.`, 60_000)
    await waitForText(page.getByTestId('generator-info'), 'shelf 1.0.0')
    await waitForText(page.getByTestId('quote-matchable'), /\d+ of 4 tasks/)
    await expectNoHorizontalScroll(page)
    await saveScreenshot(page, '/tmp/dapp-jobs-new-390.png')

    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
  it('with a real executor (neuro-executor): posts through the UI, shows its samples, downloads the dataset', async () => {
    // The scripted executor leaves the book; a real one (anvil #3) joins it.
    await send(executorKey, 'JobMarket', jobMarketAbi, 'cancelAsk', [GENERATE])
    const executor = await startExecutorProcess({
      account: 3,
      rpcUrl: p.rpcUrl,
      chainId: p.chain.id,
      ipfsPeers: p.ipfsPeers,
      gatewayUrl: p.gatewayUrl,
      priceTick: 45,
      capacity: 4,
    })
    try {
      await waitUntil(
        async () =>
          (await read<{ active: boolean }>('JobMarket', jobMarketAbi, 'getAsk', [anvilAccounts[3].address, GENERATE])).active,
        120_000,
        "the executor's ask in the book",
      ).catch((error: unknown) => {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}; executor output:\n${executor.output().slice(-4000)}`,
        )
      })
      await p.waitForIndexer()

      const { page, external, errors } = await openApp('jobs/new', requesterKey)
      await connect(page)
      await page.getByRole('radio', { name: /digits/ }).check()
      await waitForText(page.getByTestId('generator-info'), 'digits 0.1.0')
      const form = page.getByRole('form', { name: 'Post a job' })
      // Enough samples that the executor is seen running (its /status polled by the page every
      // 2 s): its one sandbox worker computes ~1,500-2,500 digits a second, so 1,500 a task ran for
      // about one poll on an idle machine and was missed there once (a clean-clone CI run,
      // 2026-11-30); 6,000 run for several.
      await form.getByLabel('Samples per task').fill('6000')
      await form.getByLabel('Tasks').fill('2')
      await form.getByLabel('Seed').fill('7')
      await form.getByLabel('Max price (ticks per compute unit)').fill('60')
      await waitForText(page.getByTestId('quote-matchable'), '2 of 2 tasks')
      await form.getByRole('button', { name: 'Post job' }).click()
      await page.waitForURL(/\/jobs\/2$/, { timeout: 90_000 })

      // The executor fetches the spec and the generator from IPFS, computes, uploads and submits.
      // On a timeout: what the node did and what the page said (a preview's error shows there).
      const waitForExecutor = (what: string, condition: () => Promise<boolean>, timeoutMs: number) =>
        waitUntil(condition, timeoutMs, what).catch(async (error: unknown) => {
          const pageText = await page
            .locator('body')
            .innerText({ timeout: 5_000 })
            .catch(() => '(unreadable)')
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}; page:\n${pageText.slice(-3000)}\nexecutor output:\n${executor.output().slice(-4000)}`,
          )
        })
      // The assignment names its executor as its metadata does (`register`'s default name).
      await waitForText(page.getByTestId('assignment-executor-name'), 'executor-90f79bf6', 60_000)
      // While it works, the page shows the executor's own report: its registry metadata (a document
      // `neuro-executor register` published, checked against its CID) names its /status, polled
      // every 2 s; the running task's cell fills with the samples done.
      const states = new Set<string>()
      let runningCell: string | undefined
      await waitForExecutor(
        "the executor's progress on the page",
        async () => {
          const lines = page.locator('[data-testid^="live-"][data-kind="progress"]')
          for (const state of await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? ''))) {
            states.add(state)
          }
          const cell = page.getByTestId('assignment-grid').locator('[data-work="running"]')
          if (runningCell === undefined && (await cell.count()) > 0) {
            runningCell = (await cell.first().getAttribute('aria-label')) ?? ''
            await saveScreenshot(page, '/tmp/dapp-jobs-running.png')
          }
          return states.has('running') && runningCell !== undefined
        },
        240_000,
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; states seen: ${[...states].join(', ')}`)
      })
      expect(runningCell).toMatch(/^Task [01]: Assigned, running \d+%$/)
      await waitForExecutor(
        "the executor's samples on the page",
        async () => (await page.getByTestId('sample-canvas').count()) === 8,
        240_000,
      )
      await waitForText(page.getByTestId('sample-0'), '#0 class 0')
      await page.getByTestId('sample-4').getByRole('button', { name: 'Re-check sample' }).click()
      await waitForText(page.getByTestId('recheck-4'), 'Identical: 2 files match', 60_000)
      // With its result on the chain the node no longer reports the assignment: no live line.
      await waitUntil(async () => (await page.locator('[data-testid^="live-"]').count()) === 0, 30_000, 'no live lines')

      // Past the challenge window the executor settles its own result; the dataset is ready.
      const { minChallengeWindow } = await read<{ minChallengeWindow: number }>('JobMarket', jobMarketAbi, 'windows')
      const block = await p.testClient.getBlock()
      await p.testClient.setNextBlockTimestamp({ timestamp: block.timestamp + BigInt(Math.max(minChallengeWindow, 120)) + 60n })
      await p.testClient.mine({ blocks: 1 })
      await waitForExecutor(
        'the settled job on the page',
        async () =>
          (await page.getByTestId('job-accepted').innerText()).includes('2 / 2') &&
          (await page.getByTestId('dataset').count()) === 1,
        120_000,
      )
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByTestId('dataset').getByRole('button', { name: 'Download dataset (.tar)' }).click(),
      ])
      expect(download.suggestedFilename()).toBe('job-2-dataset.tar')
      const saved = join(p.dir, 'download-2.tar')
      await download.saveAs(saved)
      const names = readTar(new Uint8Array(readFileSync(saved))).map((f) => f.name)
      // 2 tasks x 6,000 samples, each an image and a label.
      expect(names).toHaveLength(24_000)
      expect(names.at(-1)).toBe('00011999.png')
      await saveScreenshot(page, '/tmp/dapp-jobs-executor-done.png')
      expect(external).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await executor.stop()
    }
  })
  it('the requester cancels a job no executor takes, finalizes it and withdraws the whole escrow', async () => {
    // Below every ask in the book: the job rests as a bid and would hold its escrow until its deadline.
    const { specCid } = await read<{ specCid: string }>('JobMarket', jobMarketAbi, 'getJob', [2n])
    // Sent as a script would (the sdk's actions take the deployment from the generated contracts,
    // which a clean clone's codegen ran before this test's chain existed).
    await send(requesterKey, 'NeuroToken', neuroTokenAbi, 'approve', [address('JobMarket'), parseEther('1')])
    const params = {
      kind: GENERATE,
      verification: 0,
      replication: 1,
      taskCount: 2,
      unitsPerTask: 1_000n,
      maxPriceTick: 1,
      secondsPerTask: 600,
      challengeWindow: 120,
      deadline: (await p.testClient.getBlock()).timestamp + 86_400n,
      collateralPerTask: parseEther('1'),
      specCid,
    }
    await send(requesterKey, 'JobMarket', jobMarketAbi, 'postJob', [params, 32])
    // The file's third job (the tests above posted #1 and #2).
    const jobId = 3n
    const posted = await read<{ requester: Address; escrow: bigint; tasksUnassigned: number }>(
      'JobMarket',
      jobMarketAbi,
      'getJob',
      [jobId],
    )
    expect(posted.requester.toLowerCase()).toBe(anvilAccounts[5].address.toLowerCase())
    expect(posted.tasksUnassigned).toBe(2)
    const creditsBefore = await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])
    await p.waitForIndexer()

    const { page, external, errors } = await openApp(`jobs/${jobId}`, requesterKey)
    // Both tasks wait for an executor: the job is open.
    await waitForText(page.getByTestId('job-status'), /^Open$/, 60_000)
    // Only the requester may cancel: without its wallet connected the page offers nothing.
    expect(await page.getByRole('button', { name: 'Cancel job' }).count()).toBe(0)
    await connect(page)
    const actions = page.getByTestId('job-actions')
    await waitForText(actions, '2 tasks wait for executors', 30_000)
    await actions.getByRole('button', { name: 'Cancel job' }).click()
    await waitForText(actions, 'Job cancelled', 90_000)
    await p.waitForIndexer()
    await waitForText(page.getByTestId('job-status'), 'Cancelled · finalize for refund', 30_000)
    // Nothing was assigned, so nothing is in flight: the job finalizes at once, refunding everything.
    await actions.getByRole('button', { name: 'Finalize job' }).click({ timeout: 60_000 })
    await waitForText(actions, 'Job finalized', 90_000)
    await p.waitForIndexer()
    await waitForText(page.getByRole('heading', { level: 1 }), 'Cancelled', 30_000)
    expect((await read<{ status: number }>('JobMarket', jobMarketAbi, 'getJob', [jobId])).status).toBe(4) // Cancelled
    const owed = await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])
    expect(owed - creditsBefore).toBe(posted.escrow)
    expect(posted.escrow > 0n).toBe(true)
    await page
      .getByTestId('market-credits')
      .getByRole('button', { name: `Withdraw ${formatCost(owed)}` })
      .waitFor({ timeout: 30_000 })
    await waitForText(page.getByTestId('grid-legend'), 'never assigned: 2')
    await waitForText(page.getByText(/^No results:/), 'No results: the job is cancelled and no executor submitted shards.')
    await saveScreenshot(page, '/tmp/dapp-jobs-cancelled.png')
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
  it('an executor that never comes back: anyone reclaims its lapsed assignment from the job page', async () => {
    // Anvil #2 (no daemon: the first test computed its work by hand) now asks 1 tick for one task,
    // so a job at a max price of 1 goes to it alone; nobody computes it.
    await send(executorKey, 'JobMarket', jobMarketAbi, 'placeAsk', [GENERATE, 1, 1, 10n])
    const { specCid } = await read<{ specCid: string }>('JobMarket', jobMarketAbi, 'getJob', [2n])
    await send(requesterKey, 'NeuroToken', neuroTokenAbi, 'approve', [address('JobMarket'), parseEther('1')])
    const secondsPerTask = 600
    await send(requesterKey, 'JobMarket', jobMarketAbi, 'postJob', [
      {
        kind: GENERATE,
        verification: 0,
        replication: 1,
        taskCount: 1,
        unitsPerTask: 1_000n,
        maxPriceTick: 1,
        secondsPerTask,
        challengeWindow: 120,
        deadline: (await p.testClient.getBlock()).timestamp + 86_400n,
        collateralPerTask: parseEther('1'),
        specCid,
      },
      32,
    ])
    const jobId = 4n
    const [, assignments] = await read<readonly bigint[]>('JobMarket', jobMarketAbi, 'counts')
    const lapsed = await read<{ jobId: bigint; executor: Address; deadline: bigint }>(
      'JobMarket',
      jobMarketAbi,
      'getAssignment',
      [assignments],
    )
    expect(lapsed.jobId).toBe(jobId)
    expect(lapsed.executor.toLowerCase()).toBe(anvilAccounts[2].address.toLowerCase())
    const creditsBefore = await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])
    const feesBefore = await read<bigint>('JobMarket', jobMarketAbi, 'feesOwed')
    await p.waitForIndexer()

    // Anyone may reclaim: a visitor with another wallet (anvil #9), once the deadline has passed.
    const { page, external, errors } = await openApp(`jobs/${jobId}`, anvilAccounts[9].privateKey as Hex)
    // Its one task is assigned: the job runs (nothing waits for an executor).
    await waitForText(page.getByTestId('job-status'), 'Running', 60_000)
    await connect(page)
    expect(await page.getByRole('button', { name: /^Reclaim/ }).count()).toBe(0)
    await p.testClient.setNextBlockTimestamp({ timestamp: lapsed.deadline + 1n })
    await p.testClient.mine({ blocks: 1 })
    const actions = page.getByTestId('job-actions')
    await waitForText(actions, `Assignment ${assignments} passed its deadline without a result`, 60_000)
    await actions.getByRole('button', { name: `Reclaim assignment ${assignments}` }).click()
    await waitForText(actions, 'Reclaimed: its tasks are back in the book', 90_000)
    const after = await read<{ status: number }>('JobMarket', jobMarketAbi, 'getAssignment', [assignments])
    expect(after.status).toBe(9) // Reclaimed
    expect((await read<{ tasksUnassigned: number }>('JobMarket', jobMarketAbi, 'getJob', [jobId])).tasksUnassigned).toBe(1)
    // The lapsed executor's collateral went to fees; the requester gains nothing from the lapse.
    expect((await read<bigint>('JobMarket', jobMarketAbi, 'feesOwed')) - feesBefore).toBe(parseEther('1'))
    expect(await read<bigint>('JobMarket', jobMarketAbi, 'credits', [anvilAccounts[5].address])).toBe(creditsBefore)
    await p.waitForIndexer()
    await waitForText(page.getByTestId('grid-legend'), 'reclaimed: 1', 30_000)
    // The task is back in the book: the job is open again.
    await waitForText(page.getByTestId('job-status'), /^Open$/, 30_000)
    // The lapsed executor is never matched to this job again, and the page says so.
    expect(await read<readonly Address[]>('JobMarket', jobMarketAbi, 'excludedExecutors', [jobId])).toEqual([lapsed.executor])
    await waitForText(page.getByTestId('job-exclusions'), lapsed.executor.toLowerCase().slice(0, 6), 30_000)
    // Back in the book at the job's price, it still does not take the job; the page says why.
    await send(executorKey, 'JobMarket', jobMarketAbi, 'placeAsk', [GENERATE, 1, 1, 10n])
    expect((await read<readonly bigint[]>('JobMarket', jobMarketAbi, 'counts'))[1]).toBe(assignments)
    await p.waitForIndexer()
    await waitForText(
      page.getByTestId('excluded-asks'),
      "1 ask at or under this job's price is from an executor excluded from it: it will not take its tasks.",
      30_000,
    )
    await saveScreenshot(page, '/tmp/dapp-jobs-reclaimed.png')

    // A job id the chain never gave out: the page says it does not exist (the chain counts 4 jobs),
    // not that the indexer is behind, and leads back to the list.
    await page.goto(`${p.dappUrl}/jobs/999`)
    const missing = page.getByRole('alert').filter({ hasText: 'Job #999' })
    await waitForText(missing, 'Job #999 does not exist', 30_000)
    await waitForText(missing, 'The market has 4 jobs so far.')
    expect(await missing.getByRole('link', { name: 'See all jobs' }).getAttribute('href')).toBe('/jobs')
    await saveScreenshot(page, '/tmp/dapp-jobs-missing.png')
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
