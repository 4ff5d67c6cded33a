import { affine, createRng, exp, log, type Rng, warpAffine } from '@neuromation/generator-sdk'
import type { Batch, BatchSource } from './BatchSource.ts'
import { TrainError } from './TrainError.ts'

/**
 * Training-time domain randomisation of single-channel images (white ink on black): every sample
 * gets its own random affine warp, stroke thickening or thinning and gamma, drawn from
 * `(seed, sample index)` alone, so a batch is the same bytes on every run and a resumed run sees
 * exactly what an uninterrupted one would.
 */
export interface AugmentOptions {
  /** Seed of the augmentation stream (independent of the generator's, so both can vary). */
  seed: number
  /** Fraction of samples that are augmented at all (default 1). */
  probability?: number
  /** Maximum rotation either way, in degrees (default 12). */
  rotationDegrees?: number
  /** Isotropic scale range (default [0.85, 1.15]). */
  scale?: [number, number]
  /** Maximum horizontal shear either way, as dx/dy (default 0.2). */
  shear?: number
  /** Maximum translation either way, in pixels (default 2). */
  translate?: number
  /** Fraction of samples whose strokes are thickened or thinned (default 0.5). */
  morphology?: number
  /** Gamma range applied to the grey levels (default [0.7, 1.4]; 1 leaves them). */
  gamma?: [number, number]
}

type Resolved = Required<AugmentOptions>

const DEFAULTS: Omit<Resolved, 'seed'> = {
  probability: 1,
  rotationDegrees: 12,
  scale: [0.85, 1.15],
  shear: 0.2,
  translate: 2,
  morphology: 0.5,
  gamma: [0.7, 1.4],
}

function check(o: Resolved): void {
  const bad = (what: string, value: unknown, want: string) =>
    new TrainError(`augmentation ${what} must be ${want}, got ${JSON.stringify(value)}`, {
      details: 'fix the augmentation options',
    })
  if (!Number.isSafeInteger(o.seed)) throw bad('seed', o.seed, 'an integer')
  for (const key of ['probability', 'morphology'] as const)
    if (!(o[key] >= 0 && o[key] <= 1)) throw bad(key, o[key], 'a fraction in [0, 1]')
  if (!(o.rotationDegrees >= 0 && o.rotationDegrees <= 180)) throw bad('rotationDegrees', o.rotationDegrees, 'in [0, 180]')
  if (!(o.shear >= 0 && o.shear <= 1)) throw bad('shear', o.shear, 'in [0, 1]')
  if (!(o.translate >= 0 && o.translate <= 8)) throw bad('translate', o.translate, 'in [0, 8] pixels')
  for (const key of ['scale', 'gamma'] as const) {
    const [lo, hi] = o[key]
    if (!(lo > 0 && hi >= lo && hi <= 4)) throw bad(key, o[key], 'a range [lo, hi] with 0 < lo <= hi <= 4')
  }
}

// Grey-level dilation (max) or erosion (min) over the 4-neighbourhood plus centre, blended with the
// original by `amount`: a continuous thickening/thinning of up to about one pixel per side.
function morph(src: Float32Array, dst: Float32Array, w: number, h: number, dilate: boolean, amount: number): void {
  const pick = dilate ? Math.max : Math.min
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = src[y * w + x]
      let r = v
      r = pick(r, x > 0 ? src[y * w + x - 1] : 0)
      r = pick(r, x < w - 1 ? src[y * w + x + 1] : 0)
      r = pick(r, y > 0 ? src[(y - 1) * w + x] : 0)
      r = pick(r, y < h - 1 ? src[(y + 1) * w + x] : 0)
      dst[y * w + x] = v + amount * (r - v)
    }
  }
}

/** Augments one w x h sample in place with the random draws of `rng`. */
function augmentSample(pixels: Float32Array, w: number, h: number, rng: Rng, options: Omit<Resolved, 'seed'>): void {
  const o = options
  const angle = (rng.range(-o.rotationDegrees, o.rotationDegrees) * Math.PI) / 180
  const s = rng.range(o.scale[0], o.scale[1])
  const shear = rng.range(-o.shear, o.shear)
  const tx = rng.range(-o.translate, o.translate)
  const ty = rng.range(-o.translate, o.translate)
  const morphDraw = rng.float()
  const dilate = rng.bool()
  // Erosion blends in less: a full 4-neighbour minimum wipes out a 2 px stroke.
  const amount = dilate ? rng.range(0.3, 1) : rng.range(0.2, 0.6)
  const gamma = rng.range(o.gamma[0], o.gamma[1])
  // Shear, rotate and scale about the centre, then shift; the SDK's warp samples bilinearly with
  // background (0) outside the image.
  const cx = w / 2
  const cy = h / 2
  const m = [affine.rotate(angle, cx, cy), affine.scale(s, s, cx, cy), affine.translate(tx, ty)].reduce(
    affine.compose,
    affine.shearX(shear, cy),
  )
  const tmp = warpAffine({ width: w, height: h, channels: 1, data: pixels }, m).data
  if (morphDraw < o.morphology) morph(tmp, pixels, w, h, dilate, amount)
  else pixels.set(tmp)
  if (gamma !== 1) {
    // The SDK's exp/log (not Math's, which may differ by engine in the last bit) keep the bytes
    // the same on every machine.
    for (let i = 0; i < pixels.length; i++) {
      const v = pixels[i]
      pixels[i] = v <= 0 ? 0 : v >= 1 ? 1 : exp(gamma * log(v))
    }
  }
}

/**
 * Wraps a single-channel image stream so that every sample it returns is randomly warped,
 * thickened or thinned and re-gammaed (see AugmentOptions). Labels are untouched.
 */
export function createAugmentedSource(source: BatchSource, options: AugmentOptions): BatchSource {
  for (const key of Object.keys(options)) {
    if (key !== 'seed' && !(key in DEFAULTS))
      throw new TrainError(`unknown augmentation option "${key}"`, {
        details: `the options are ${Object.keys(DEFAULTS).join(', ')}`,
      })
  }
  const o: Resolved = { ...DEFAULTS, ...options }
  check(o)
  const [h, w, channels] = source.info.inputShape
  if (channels !== 1) {
    throw new TrainError(`augmentation handles single-channel images, the stream has ${channels} channels`, {
      details: 'train without augmentation for colour streams',
    })
  }
  const { seed, ...rest } = o
  return {
    info: { ...source.info, augmentation: o },
    async read(start: number, count: number, signal?: AbortSignal): Promise<Batch> {
      const batch = await source.read(start, count, signal)
      const per = w * h
      for (let i = 0; i < batch.labels.length; i++) {
        const rng = createRng(seed, start + i, 'augment')
        if (rng.float() >= o.probability) continue
        augmentSample(batch.x.subarray(i * per, (i + 1) * per), w, h, rng, rest)
      }
      return batch
    },
    close: () => source.close(),
  }
}
