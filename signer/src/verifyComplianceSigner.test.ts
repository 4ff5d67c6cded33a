import { createLogger } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { StartupCheckError, verifyComplianceSigner } from './verifyComplianceSigner'

const rpcUrl = 'https://eth-mainnet.g.alchemy.com/v2/SECRET-API-KEY'
const saleAddress = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9'
const signer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('verifyComplianceSigner', () => {
  it('names the RPC endpoint by its origin only, in the error and in the log line main writes', async () => {
    const unreachable = {
      getChainId: async () => {
        throw new Error(`HTTP request failed.\n\nURL: ${rpcUrl}\nDetails: fetch failed`)
      },
      getCode: async () => '0x',
      readContract: async () => signer,
    } as unknown as Parameters<typeof verifyComplianceSigner>[0]
    const error = await verifyComplianceSigner(unreachable, { chainId: 1, rpcUrl, saleAddress, signer }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(StartupCheckError)
    expect((error as StartupCheckError).shortMessage).toBe(
      'Cannot reach the chain at RPC_URL=https://eth-mainnet.g.alchemy.com/…: is the node running and the URL right?',
    )
    expect((error as StartupCheckError).retryable).toBe(true)
    const lines: string[] = []
    createLogger({ sink: (line) => lines.push(line) }).error({ msg: 'startup check failed', error })
    expect(lines.join('')).toContain('eth-mainnet.g.alchemy.com/…')
    expect(lines.join('')).not.toContain('SECRET-API-KEY')
  })

  it('names a chain mismatch with the redacted URL', async () => {
    const otherChain = {
      getChainId: async () => 5,
      getCode: async () => '0x00',
      readContract: async () => signer,
    } as unknown as Parameters<typeof verifyComplianceSigner>[0]
    const error = (await verifyComplianceSigner(otherChain, { chainId: 1, rpcUrl, saleAddress, signer }).catch(
      (caught: unknown) => caught,
    )) as Error
    expect(error.message).toContain('RPC_URL=https://eth-mainnet.g.alchemy.com/… serves chain 5, but CHAIN_ID=1')
    expect(error.message).not.toContain('SECRET-API-KEY')
  })
})
