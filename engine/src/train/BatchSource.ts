/** A batch of samples laid out for training: `x` is [count, height, width, channels] in [0, 1]. */
export interface Batch {
  x: Float32Array
  labels: Int32Array
}

/** What the runner needs to know about a stream before training on it. */
export interface StreamInfo {
  /** Identifies the generator exactly (name, version and content hash), for metrics and checkpoints. */
  generator: string
  params: unknown
  seed: number
  /** Training-time augmentation applied on top of the generator, if any (its options). */
  augmentation?: unknown
  inputShape: [number, number, number]
  numClasses: number
}

/**
 * An endless, indexed stream of labelled samples: `read(start, count)` returns samples
 * start .. start+count-1, the same ones every time for the same seed. Indexing (rather than a
 * cursor) is what makes resuming exact: a restarted run asks for the same indices again.
 */
export interface BatchSource {
  readonly info: StreamInfo
  read(start: number, count: number, signal?: AbortSignal): Promise<Batch>
  close(): Promise<void>
}
