import type { Anvil } from '@neuromation/devkit'
import { createPublicClient, createWalletClient, custom, type EIP1193RequestFn, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import { anvilAccounts } from '../localChain'

// Two senders of one key (the executor's daemon and one of its CLI commands) can read the same
// pending nonce; the node then refuses the second transaction. The sdk's writes send it again with
// a fresh nonce, and a person who still meets it reads what happened.
let sdk: typeof import('../index')
let write: typeof import('./simulateAndWrite')
let anvil: Anvil

beforeAll(async () => {
  ;({ anvil } = await startDeployedChain())
  sdk = await import('../index')
  write = await import('./simulateAndWrite')
})

afterAll(async () => {
  await anvil?.stop()
})

const owner = privateKeyToAccount(anvilAccounts[4].privateKey)
const spender = privateKeyToAccount(anvilAccounts[5].privateKey).address

/**
 * A wallet client whose first `races` sends are each beaten by another transaction of the same
 * account with the same nonce (a self-transfer, sent straight to the node just before).
 */
function racedWallet(races: number) {
  const node = http(anvil.rpcUrl)({})
  const reader = createPublicClient({ transport: http(anvil.rpcUrl) })
  let left = races
  const request: EIP1193RequestFn = async (args) => {
    if (args.method === 'eth_sendRawTransaction' && left > 0) {
      left--
      const nonce = await reader.getTransactionCount({ address: owner.address, blockTag: 'pending' })
      const rival = await owner.signTransaction({
        chainId: testChainId,
        to: owner.address,
        nonce,
        gas: 21_000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 10n,
      })
      await node.request({ method: 'eth_sendRawTransaction', params: [rival] })
    }
    return node.request(args as never)
  }
  const wallet = createWalletClient({ account: owner, transport: custom({ request }) })
  return { wallet, racesLeft: () => left }
}

describe('simulateAndWrite when another sender takes the nonce', () => {
  it('sends again with a fresh nonce and the write lands once', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const { wallet, racesLeft } = racedWallet(2)
    const before = await client.getTransactionCount({ address: owner.address })
    const { hash } = await write.simulateAndWrite(
      wallet,
      {},
      { contract: 'NeuroToken', functionName: 'approve', args: [spender, 7n] },
    )
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(racesLeft()).toBe(0)
    // Two rivals and the approval: nothing else was sent, nothing twice.
    expect(await client.getTransactionCount({ address: owner.address })).toBe(before + 3)
    const token = sdk.getContract(testChainId, 'NeuroToken')
    expect(await client.readContract({ ...token, functionName: 'allowance', args: [owner.address, spender] })).toBe(7n)
  })

  it('gives up after NONCE_ATTEMPTS sends and says what happened', async () => {
    const { wallet } = racedWallet(write.NONCE_ATTEMPTS)
    const error = await write
      .simulateAndWrite(wallet, {}, { contract: 'NeuroToken', functionName: 'approve', args: [spender, 9n] })
      .catch((e: unknown) => e)
    expect(sdk.nonceTaken(error)).toBe(true)
    expect(sdk.describeError(error)).toBe(
      'Another transaction from this account took the same nonce at the same moment. Wait for it to be mined, then try again.',
    )
  })

  it('says what is wrong for any other refusal', async () => {
    // A transaction the node cannot take for another reason: no ETH for its gas.
    const broke = privateKeyToAccount(`0x${'11'.repeat(32)}` as Hex)
    const wallet = createWalletClient({ account: broke, transport: http(anvil.rpcUrl) })
    const error = await wallet
      .sendTransaction({ chain: null, to: broke.address, gas: 21_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 1n })
      .catch((e: unknown) => e)
    expect(sdk.nonceTaken(error)).toBe(false)
    expect(sdk.describeError(error)).toMatch(/too little ETH to pay for the gas .*: send ETH to it/)
  })
})
