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
  image: RawRaster
  planes: [string, RawRaster][]
  label: string
}
