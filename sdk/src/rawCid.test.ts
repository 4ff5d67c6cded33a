import { describe, expect, it } from 'vitest'
import { RAW_CID_MAX_BYTES, rawCid } from './rawCid'

// Vectors from ipfs-unixfs-importer with the content layer's options (CIDv1, raw leaves, 256 KiB chunks).
describe('rawCid', () => {
  it('gives the CID the content layer gives a one-chunk file', () => {
    expect(rawCid(new Uint8Array(0))).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
    expect(rawCid(new TextEncoder().encode('hello world\n'))).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    expect(rawCid(new Uint8Array(RAW_CID_MAX_BYTES).fill(7))).toBe('bafkreibwg653s7uy2ae7fpsnbvffbzzughlla6z63y4yfhqjxp2wnklsua')
  })

  it('refuses a file the content layer would chunk (its CID is a DAG root, bafybei...)', () => {
    expect(() => rawCid(new Uint8Array(RAW_CID_MAX_BYTES + 1))).toThrow(/over one 262144-byte chunk/)
  })
})
