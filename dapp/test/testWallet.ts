// A realistic injected wallet for browser tests: the page gets an EIP-1193 `window.ethereum`,
// announced over EIP-6963 like a browser extension, and every request is answered here in Node
// by a viem local account (signing, sending) or forwarded to anvil. Like a real extension it
// reports no accounts until the site asks for them (eth_requestAccounts).
import type { BrowserContext } from 'playwright-core'
import {
  type Address,
  type Chain,
  createWalletClient,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
  type TypedDataDefinition,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export const testWalletName = 'Neuro Test Wallet'

type RpcRequest = { method: string; params?: unknown[] }
type RpcAnswer = { result?: unknown; error?: { code: number; message: string; data?: unknown } }

/** Installs the wallet in every page of `context`; returns its address and the methods it saw. */
export async function installTestWallet(context: BrowserContext, options: { privateKey: Hex; chain: Chain; rpcUrl: string }) {
  const account = privateKeyToAccount(options.privateKey)
  const walletClient = createWalletClient({ account, chain: options.chain, transport: http(options.rpcUrl) })
  const seen: string[] = []
  let authorized = false

  const forward = async (request: RpcRequest): Promise<RpcAnswer> => {
    const res = await fetch(options.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: request.method, params: request.params ?? [] }),
    })
    const body = (await res.json()) as RpcAnswer
    return body.error ? { error: body.error } : { result: body.result }
  }
  const sameAccount = (address: unknown) => typeof address === 'string' && address.toLowerCase() === account.address.toLowerCase()
  const unauthorized: RpcAnswer = { error: { code: 4100, message: 'The requested account has not been authorized by the user.' } }

  const handle = async (request: RpcRequest): Promise<RpcAnswer> => {
    const params = request.params ?? []
    switch (request.method) {
      case 'eth_accounts':
        return { result: authorized ? [account.address] : [] }
      case 'eth_requestAccounts':
        authorized = true
        return { result: [account.address] }
      case 'wallet_requestPermissions':
        authorized = true
        return { result: [{ parentCapability: 'eth_accounts' }] }
      case 'wallet_revokePermissions':
        authorized = false
        return { result: null }
      case 'eth_chainId':
        return { result: numberToHex(options.chain.id) }
      case 'wallet_switchEthereumChain':
        return Number((params[0] as { chainId: Hex }).chainId) === options.chain.id
          ? { result: null }
          : { error: { code: 4902, message: 'Unrecognized chain ID.' } }
      case 'personal_sign': {
        if (!authorized || !sameAccount(params[1])) return unauthorized
        return { result: await account.signMessage({ message: { raw: params[0] as Hex } }) }
      }
      case 'eth_signTypedData_v4': {
        if (!authorized || !sameAccount(params[0])) return unauthorized
        return { result: await account.signTypedData(JSON.parse(params[1] as string) as TypedDataDefinition) }
      }
      case 'eth_sendTransaction': {
        const tx = params[0] as { from: Address; to?: Address; data?: Hex; value?: Hex; gas?: Hex }
        if (!authorized || !sameAccount(tx.from)) return unauthorized
        // Signed here with the local key, sent raw: the node never holds the key.
        const hash = await walletClient.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? hexToBigInt(tx.value) : undefined,
          gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
        })
        return { result: hash }
      }
      default:
        return forward(request)
    }
  }

  await context.exposeBinding('__neuroTestWallet', async (_source, request: RpcRequest) => {
    seen.push(request.method)
    try {
      return await handle(request)
    } catch (error) {
      return { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } }
    }
  })

  await context.addInitScript((name: string) => {
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
    const call = (window as unknown as { __neuroTestWallet: (r: unknown) => Promise<RpcAnswer> }).__neuroTestWallet
    const provider = {
      isNeuroTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const answer = await call({ method, params })
        if (answer.error) {
          const error = new Error(answer.error.message) as Error & { code: number; data?: unknown }
          error.code = answer.error.code
          error.data = answer.error.data
          throw error
        }
        if (method === 'eth_requestAccounts') for (const fn of listeners.get('accountsChanged') ?? []) fn(answer.result)
        return answer.result
      },
      on(event: string, fn: (...args: unknown[]) => void) {
        if (!listeners.has(event)) listeners.set(event, new Set())
        listeners.get(event)!.add(fn)
        return provider
      },
      removeListener(event: string, fn: (...args: unknown[]) => void) {
        listeners.get(event)?.delete(fn)
        return provider
      },
    }
    ;(window as unknown as { ethereum: unknown }).ethereum = provider
    const info = {
      uuid: '2f1c7a52-6f0e-4c1a-9b6e-0d7e1f3a9c11',
      name,
      rdns: 'dev.neuromation.testwallet',
      icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"%3E%3Crect width="32" height="32" rx="8" fill="%230ea5e9"/%3E%3C/svg%3E',
    }
    const announce = () =>
      window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }))
    window.addEventListener('eip6963:requestProvider', announce)
    announce()
  }, testWalletName)

  return { address: account.address, seen }
}
