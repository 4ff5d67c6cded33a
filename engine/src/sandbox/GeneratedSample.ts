/** One raster as it crosses the isolate and thread boundaries. */
export interface RawRaster {
  width: number
  height: number
  channels: number
  bits: 8 | 16
  data: Uint8Array | Uint16Array
}

/**
 * A validated sample in transport form: planes sorted by name, label already serialized to JSON
 * (the exact text that goes into `<key>.json`).
 */
export interface GeneratedSample {
  index: number
  /** The image is always 8-bit; planes may be 16-bit. */
  image: RawRaster & { bits: 8; data: Uint8Array }
  planes: [string, RawRaster][]
  label: string
  /**
   * The sample's shard files (`<key>.png`, `<key>.json`, `<key>.<plane>.png`), encoded in the
   * worker when the request asked for `encode: true`, so PNG compression uses every core.
   */
  files?: { name: string; data: Uint8Array }[]
}
