import type { Account, Address, Client, Hash } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import type { SignedVoucher } from '../voucher'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

export type BuyTokensParameters = SignedVoucher & {
  /** Wei to pay. What the hard cap cannot take is refunded in the same transaction. */
  value: bigint
  /** Receives the NTK; defaults to the voucher's beneficiary (the only one it accepts). */
  beneficiary?: Address
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

export type BuyTokensReturnType = {
  hash: Hash
  /** NTK the purchase delivers (bonus included) as simulated against the current block. */
  tokens: bigint
}

/**
 * Buys NTK from the TokenSale with a compliance voucher: simulates first, so a revert surfaces
 * decoded (SaleNotActive, ContributionLimitExceeded, ...) before the wallet is asked to sign, then
 * sends the transaction. Returns without waiting for the receipt.
 */
export async function buyTokens(client: Client, params: BuyTokensParameters): Promise<BuyTokensReturnType> {
  const sale = getContract(await resolveChainId(client, params.chainId), 'TokenSale')
  const { request, result } = await simulateContract(client, {
    address: sale.address,
    abi: sale.abi,
    functionName: 'buy',
    args: [params.beneficiary ?? params.voucher.beneficiary, params.voucher, params.signature],
    value: params.value,
    account: resolveAccount(client, params.account, 'buyTokens'),
    chain: client.chain,
  })
  return { hash: await writeContract(client, request), tokens: result }
}
