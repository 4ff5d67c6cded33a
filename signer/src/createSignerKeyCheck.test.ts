import { BaseError } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { createSignerKeyCheck, SignerKeyUnavailableError } from './createSignerKeyCheck'

const saleAddress = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const signer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('createSignerKeyCheck', () => {
  it('reports an RPC failure as a retryable SignerKeyUnavailableError, and asks again on the next call', async () => {
    let calls = 0
    const client = {
      readContract: async () => {
        calls++
        if (calls === 1) throw new Error('HTTP request failed. URL: https://rpc.example/v2/KEY')
        return signer.toLowerCase()
      },
    }
    const check = createSignerKeyCheck(client as never, { saleAddress, signer })
    const error = await check().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SignerKeyUnavailableError)
    expect(error).toBeInstanceOf(BaseError)
    expect((error as BaseError).retryable).toBe(true)
    expect((error as BaseError).cause).toBeInstanceOf(Error)
    // The failure was not cached: the node recovered, the key is current.
    expect(await check()).toEqual({ current: true, onChainSigner: signer })
    expect(calls).toBe(2)
  })
})
