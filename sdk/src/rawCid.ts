// The CID of a small file as the content layer adds it (CIDv1, raw leaves, 256 KiB chunks): a file
// that fits in one chunk is a single raw block, so its CID is just the sha256 of its bytes with the
// CIDv1 + raw codec + sha2-256 prefix, in base32. Computing it here lets a reader that got the
// bytes through an untrusted gateway check them without an IPFS library (browser-safe: viem only).
import { sha256 } from 'viem'

/** The largest file whose CID is a single raw block (the content layer's chunk size). */
export const RAW_CID_MAX_BYTES = 262_144

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
// CIDv1 (0x01), raw codec (0x55), sha2-256 multihash (0x12) of 32 bytes (0x20).
const PREFIX = [0x01, 0x55, 0x12, 0x20]

function base32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * The CID (`bafkrei...`) the content layer gives `bytes` when added as one file. Throws a
 * RangeError above RAW_CID_MAX_BYTES, where the file would be chunked into a DAG instead.
 */
export function rawCid(bytes: Uint8Array): string {
  if (bytes.length > RAW_CID_MAX_BYTES) {
    throw new RangeError(`rawCid: ${bytes.length} bytes is over one ${RAW_CID_MAX_BYTES}-byte chunk; the file's CID is a DAG's`)
  }
  return `b${base32(new Uint8Array([...PREFIX, ...sha256(bytes, 'bytes')]))}`
}
