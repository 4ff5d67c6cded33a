import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@neuromation/runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatusBoard } from '../createStatusBoard'
import type { PlatformError } from '../PlatformError'
import { runPlan } from '../runPlan'
import { anvilService } from './anvilService'

const logDir = mkdtempSync(join(tmpdir(), 'devkit-anvil-'))
afterAll(() => rmSync(logDir, { recursive: true, force: true }))

/** A JSON-RPC node that serves chain 5 (answers eth_chainId with 0x5 to anyone). */
let node: Server
let nodeUrl: string
beforeAll(async () => {
  node = createServer((_, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x5' }))
  })
  await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve))
  nodeUrl = `http://127.0.0.1:${(node.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((resolve) => node.close(() => resolve())))

/** Runs the chain service alone; returns its error and the names the status board showed. */
async function failure(options: Parameters<typeof anvilService>[0]) {
  const steps: string[] = []
  const board: StatusBoard = {
    step: (name) => {
      steps.push(name)
      return { done() {}, skip() {}, fail() {} }
    },
    note() {},
  }
  const error = (await runPlan([anvilService(options)], { logDir, board }).then(
    () => expect.fail('started'),
    (e: unknown) => e,
  )) as PlatformError
  return { error, steps }
}

describe('anvilService', () => {
  it('with an external RPC_URL names its failures after the chain, since no anvil is started', async () => {
    const wrong = await failure({ chainId: 1, externalRpcUrl: nodeUrl })
    expect(wrong.error.shortMessage).toBe(`RPC_URL=${nodeUrl} serves chain 5, but CHAIN_ID=1; fix one of them.`)
    expect(wrong.error.service).toBe('chain')
    expect(wrong.steps).toEqual(['chain'])

    const silent = `http://127.0.0.1:${await freePort()}`
    const none = await failure({ chainId: 1, externalRpcUrl: silent })
    expect(none.error.shortMessage).toBe(`RPC_URL=${silent} does not answer eth_chainId.`)
    expect(none.error.service).toBe('chain')
    expect(none.steps).toEqual(['chain'])
  })
})
