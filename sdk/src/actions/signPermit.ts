import type { Account, Address, Client, Hex } from 'viem'
import { parseSignature } from 'viem'
import { readContract, signTypedData } from 'viem/actions'
import { getContract } from '../getContract'

export type SignPermitParameters = {
  chainId: number
  owner: Account | Address
  spender: Address
  value: bigint
  /** Unix seconds after which the permit is void. */
  deadline: bigint
}

/** An EIP-2612 permit split the way the contracts take it. */
export type Permit = { deadline: bigint; v: number; r: Hex; s: Hex }

/**
 * Signs an EIP-2612 permit of NeuroToken for `spender`, reading the token's EIP-712 domain
 * (EIP-5267) and the owner's nonce from the chain so the signature matches what the token checks.
 */
export async function signPermit(client: Client, params: SignPermitParameters): Promise<Permit> {
  const token = getContract(params.chainId, 'NeuroToken')
  const ownerAddress = typeof params.owner === 'string' ? params.owner : params.owner.address
  const [[, name, version, chainId, verifyingContract], nonce] = await Promise.all([
    readContract(client, { address: token.address, abi: token.abi, functionName: 'eip712Domain' }),
    readContract(client, { address: token.address, abi: token.abi, functionName: 'nonces', args: [ownerAddress] }),
  ])
  const signature = await signTypedData(client, {
    account: params.owner,
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: { owner: ownerAddress, spender: params.spender, value: params.value, nonce, deadline: params.deadline },
  })
  const { r, s, v, yParity } = parseSignature(signature)
  return { deadline: params.deadline, v: Number(v ?? BigInt(yParity + 27)), r, s }
}
