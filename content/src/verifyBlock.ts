import type { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { ContentError } from './ContentError'

type Hasher = { digest(bytes: Uint8Array): Promise<{ digest: Uint8Array }> | { digest: Uint8Array } }

const hashers = new Map<number, Hasher>([
  [sha256.code, sha256],
  [sha512.code, sha512],
  [identity.code, identity],
])

/**
 * Checks that `bytes` are the block `cid` names (its multihash over the bytes) and returns them;
 * throws ContentError('CidMismatch') otherwise. This is what makes a remote node untrusted: it
 * can refuse to answer, but it cannot hand us other bytes under a CID.
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array, source: string): Promise<Uint8Array> {
  const hasher = hasherOf(cid)
  const { digest } = await hasher.digest(bytes)
  if (!equalBytes(digest, cid.multihash.digest)) {
    throw new ContentError('CidMismatch', `${source} returned a block for ${cid} whose bytes do not match that CID.`, {
      metaMessages: ['The node is faulty or malicious; the data was discarded. Fetch the CID from another node.'],
    })
  }
  return bytes
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false
  return true
}

/** The hasher `cid` needs, or ContentError('Unsupported'): checked before a block is fetched at all. */
export function hasherOf(cid: CID): Hasher {
  const hasher = hashers.get(cid.multihash.code)
  if (!hasher) {
    throw new ContentError(
      'Unsupported',
      `Cannot verify ${cid}: its hash function 0x${cid.multihash.code.toString(16)} is not supported.`,
      {
        metaMessages: ['Supported: sha2-256 (the default of Kubo and Helia), sha2-512, identity.'],
      },
    )
  }
  return hasher
}
