import { MemoryBlockstore } from 'blockstore-core/memory'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'

/**
 * The IPFS CID of a directory holding `files`, computed in memory with the options Kubo uses for
 * `ipfs add -r --cid-version 1` (raw leaves, 256 KiB fixed chunks), so the CID printed here is the
 * one the content network serves the bundle under.
 */
export async function bundleCid(files: Record<string, Uint8Array>): Promise<string> {
  const blockstore = new MemoryBlockstore()
  const entries = Object.keys(files)
    .sort()
    .map((path) => ({ path, content: files[path] }))
  let root: { cid: { toString(): string } } | undefined
  for await (const entry of importer(entries, blockstore, {
    cidVersion: 1,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: 262_144 }),
    wrapWithDirectory: true,
  })) {
    root = entry
  }
  if (!root) throw new Error('bundleCid: no files given')
  return root.cid.toString()
}
