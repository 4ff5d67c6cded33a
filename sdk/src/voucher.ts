import type { Address, Hex } from 'viem'

/** An eligibility voucher, as TokenSale.Voucher (EIP-712 typed data signed by the compliance signer). */
export type Voucher = {
  payer: Address
  beneficiary: Address
  limitWei: bigint
  nonce: bigint
  expiry: bigint
}

/** A voucher with its signature, as the signer returns it and `TokenSale.buy` takes it. */
export type SignedVoucher = { voucher: Voucher; signature: Hex }

/** The EIP-712 types of TokenSale's voucher; must match TokenSale.VOUCHER_TYPEHASH. */
export const voucherTypes = {
  Voucher: [
    { name: 'payer', type: 'address' },
    { name: 'beneficiary', type: 'address' },
    { name: 'limitWei', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'expiry', type: 'uint64' },
  ],
} as const

/** The EIP-712 domain of the TokenSale at `verifyingContract` on `chainId`. */
export function voucherDomain(chainId: number, verifyingContract: Address) {
  return { name: 'NeuroTokenSale', version: '1', chainId, verifyingContract } as const
}

/** JSON-safe form of a signed voucher (bigints as decimal strings), for HTTP and storage. */
export type SignedVoucherJson = {
  voucher: { payer: Address; beneficiary: Address; limitWei: string; nonce: string; expiry: string }
  signature: Hex
}

export function signedVoucherToJson({ voucher, signature }: SignedVoucher): SignedVoucherJson {
  return {
    voucher: {
      payer: voucher.payer,
      beneficiary: voucher.beneficiary,
      limitWei: voucher.limitWei.toString(),
      nonce: voucher.nonce.toString(),
      expiry: voucher.expiry.toString(),
    },
    signature,
  }
}

export function signedVoucherFromJson({ voucher, signature }: SignedVoucherJson): SignedVoucher {
  return {
    voucher: {
      payer: voucher.payer,
      beneficiary: voucher.beneficiary,
      limitWei: BigInt(voucher.limitWei),
      nonce: BigInt(voucher.nonce),
      expiry: BigInt(voucher.expiry),
    },
    signature,
  }
}
