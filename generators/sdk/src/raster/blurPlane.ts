import { exp } from '../detMath.ts'

/** Normalized 1-D Gaussian kernel of radius ceil(3 sigma), from the deterministic exp. */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussian sigma must be a finite number > 0, got ${sigma}`)
  const radius = Math.max(1, Math.ceil(3 * sigma))
  const kernel = new Float64Array(2 * radius + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) {
    const v = exp(-(i * i) / (2 * sigma * sigma))
    kernel[i + radius] = v
    sum += v
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum
  return kernel
}

/**
 * Separable Gaussian blur of interleaved data in place (edges clamped), one kernel pass along
 * x then along y, in a fixed summation order.
 */
export function blurPlane(
  data: Float32Array | Float64Array,
  width: number,
  height: number,
  channels: number,
  sigma: number,
): void {
  const kernel = gaussianKernel(sigma)
  const radius = (kernel.length - 1) / 2
  const tmp = new Float64Array(data.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0
        for (let k = -radius; k <= radius; k++) {
          const sx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k
          acc += kernel[k + radius] * data[(y * width + sx) * channels + c]
        }
        tmp[(y * width + x) * channels + c] = acc
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0
        for (let k = -radius; k <= radius; k++) {
          const sy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k
          acc += kernel[k + radius] * tmp[(sy * width + x) * channels + c]
        }
        data[(y * width + x) * channels + c] = acc
      }
    }
  }
}
