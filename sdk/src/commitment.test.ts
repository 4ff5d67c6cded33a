import { encodeAbiParameters, keccak256, sha256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { deriveCommitSecret, deriveSalt, resultCommitment, verificationCommitment } from './commitment'
import { anvilAccounts } from './localChain'

const executor = privateKeyToAccount(anvilAccounts[2].privateKey)
const other = privateKeyToAccount(anvilAccounts[3].privateKey)
const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

describe('commitment', () => {
  it('derives the same secret and salt again (a restarted executor can still reveal)', async () => {
    const secret = await deriveCommitSecret(executor)
    expect(await deriveCommitSecret(privateKeyToAccount(anvilAccounts[2].privateKey))).toBe(secret)
    expect(await deriveCommitSecret(other)).not.toBe(secret)
    const salt = deriveSalt(secret, 31337, market, 'result', 7n)
    expect(deriveSalt(secret, 31337, market, 'result', 7n)).toBe(salt)
    // Every input separates salts: purpose, id, chain, market.
    expect(
      new Set([
        salt,
        deriveSalt(secret, 31337, market, 'verify', 7n),
        deriveSalt(secret, 31337, market, 'result', 8n),
        deriveSalt(secret, 1, market, 'result', 7n),
        deriveSalt(secret, 31337, executor.address, 'result', 7n),
      ]).size,
    ).toBe(5)
    expect(salt).toBe(
      keccak256(
        encodeAbiParameters(
          [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'string' }, { type: 'uint256' }],
          [secret, 31337n, market, 'result', 7n],
        ),
      ),
    )
  })

  it('binds commitments to the executor: a copied commitment does not fit another address', () => {
    const root = sha256(toHex('root'))
    const salt = sha256(toHex('salt'))
    expect(resultCommitment(root, executor.address, salt)).toBe(
      keccak256(
        encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }], [root, executor.address, salt]),
      ),
    )
    expect(resultCommitment(root, other.address, salt)).not.toBe(resultCommitment(root, executor.address, salt))
    expect(verificationCommitment(root, executor.address, salt)).toBe(resultCommitment(root, executor.address, salt))
  })
})
