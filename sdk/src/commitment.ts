// Commitments and their salts (market decision 5). Salts are derived from the executor's key,
// never stored: after a crash the executor derives the same salt again and can still reveal.
// secret = keccak256(signature of SECRET_MESSAGE) (ECDSA signatures from viem's local accounts
// are deterministic, RFC 6979), salt = keccak256(abi.encode(secret, chainId, market, purpose, id)).
import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'

/** The message an executor signs to derive its commit secret. */
export const COMMIT_SECRET_MESSAGE = 'neuromation executor commit secret v1'

/** What a salt is for: an assignment's result or a challenge's verification. */
export type SaltPurpose = 'result' | 'verify'

/** Anything that signs a personal message deterministically (a viem local account). */
export type MessageSigner = { signMessage: (args: { message: string }) => Promise<Hex> }

/** The executor's commit secret: keccak256 of its signature of COMMIT_SECRET_MESSAGE. */
export async function deriveCommitSecret(signer: MessageSigner): Promise<Hex> {
  return keccak256(await signer.signMessage({ message: COMMIT_SECRET_MESSAGE }))
}

/** The salt of one commitment: `id` is the assignment id ("result") or the challenge id ("verify"). */
export function deriveSalt(secret: Hex, chainId: number, market: Address, purpose: SaltPurpose, id: bigint): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'string' }, { type: 'uint256' }],
      [secret, BigInt(chainId), market, purpose, id],
    ),
  )
}

/** commitResult's commitment: keccak256(abi.encode(bytes32 root, address executor, bytes32 salt)). */
export function resultCommitment(root: Hex, executor: Address, salt: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }], [root, executor, salt]))
}

/** commitVerification's commitment: keccak256(abi.encode(bytes32 shardHash, address verifier, bytes32 salt)). */
export function verificationCommitment(shardHash: Hex, verifier: Address, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }], [shardHash, verifier, salt]),
  )
}
