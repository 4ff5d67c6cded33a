import type { GeneratorManifest } from '@neuromation/generator-sdk'

/** A generator bundle loaded into memory and verified. */
export interface Bundle {
  manifest: GeneratorManifest
  /** The self-contained ES module whose default export is generate(). */
  moduleSource: string
  /** The bundle's files exactly as stored: generator.json and the module. */
  files: Record<string, Uint8Array>
  /** CIDv1 of the bundle directory (raw leaves, 256 KiB chunks: what Kubo's `ipfs add -r --cid-version 1` gives). */
  cid: string
  /** sha256 (hex) of the module bytes, also recorded in generator.json. */
  moduleSha256: string
  /** Where it was loaded from, for messages. */
  origin: string
}
