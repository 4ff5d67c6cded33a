import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExecutorError } from '../ExecutorError'
import { checkRpcChain } from './checkRpcChain'
import { rpcTransport } from './rpcTransport'
import { serveChainId } from './serveChainId'

/** A JSON-RPC endpoint that serves chain 31337 (it answers eth_chainId only). */
let rpc: Awaited<ReturnType<typeof serveChainId>>
let rpcUrl = ''
beforeAll(async () => {
  rpc = await serveChainId('0x7a69')
  rpcUrl = rpc.url
})
afterAll(() => {
  rpc.close()
})

const check = (url: string, chainId: number | undefined) =>
  checkRpcChain({ rpcUrl: url, chainId, transport: rpcTransport(url, { retryCount: 0, timeoutMs: 2_000 }) })

describe('checkRpcChain', () => {
  it("returns the RPC's chain id when it is the expected one, or when none is expected", async () => {
    expect(await check(rpcUrl, 31337)).toBe(31337)
    expect(await check(rpcUrl, undefined)).toBe(31337)
  })

  it('refuses another chain, naming both ids and the fix', async () => {
    const error = await check(rpcUrl, 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExecutorError)
    expect((error as ExecutorError).code).toBe('WRONG_CHAIN')
    expect((error as ExecutorError).shortMessage).toBe(
      'The RPC serves chain 31337 but EXECUTOR_CHAIN_ID is 1; point EXECUTOR_RPC_URL at chain 1 or fix EXECUTOR_CHAIN_ID.',
    )
  })

  it('reports an RPC that does not answer as retryable', async () => {
    const error = await check('http://127.0.0.1:1', 31337).catch((e: unknown) => e)
    expect((error as ExecutorError).code).toBe('RPC')
    expect((error as ExecutorError).retryable).toBe(true)
    expect((error as ExecutorError).shortMessage).toBe(
      'Cannot reach the RPC at http://127.0.0.1:1; check EXECUTOR_RPC_URL and that the node is up.',
    )
  })
})
