import { fixedSize } from 'ipfs-unixfs-importer/chunker'

/** 256 KiB: Kubo's default chunk size, so `ipfs add --cid-version 1` gives the CIDs we compute. */
export const CHUNK_SIZE = 262_144

/**
 * The one set of DAG-building options of the content layer, used by the embedded node, by the
 * Kubo adapter (sent to Kubo and used to recompute what it returns) and by the engine's
 * bundleCid: CIDv1, raw leaves, fixed 256 KiB chunks, balanced layout. Helia's own default is
 * 1 MiB chunks, which would give other CIDs for the same bytes than any Kubo node.
 */
export const importerOptions = {
  cidVersion: 1,
  rawLeaves: true,
  chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
} as const

/** The same options in the form Kubo's RPC takes them (`ipfs add --cid-version 1 --raw-leaves --chunker size-262144`). */
export const kuboAddOptions = {
  cidVersion: 1,
  rawLeaves: true,
  chunker: `size-${CHUNK_SIZE}`,
  hashAlg: 'sha2-256',
} as const
