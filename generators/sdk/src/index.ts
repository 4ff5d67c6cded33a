// @neuromation/generator-sdk: everything a generator may import. Generators are bundled with
// this package by `neuro-gen pack`, so it must stay free of Node/browser APIs and of any
// engine-dependent arithmetic (see detMath.ts).
export { createRng, type Rng, seedWords } from './createRng.ts'
export {
  acos,
  acosh,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  cbrt,
  cos,
  cosh,
  type DetMathName,
  detMath,
  exp,
  expm1,
  hypot,
  ldexp,
  log,
  log1p,
  log2,
  log10,
  pow,
  sin,
  sinh,
  tan,
  tanh,
} from './detMath.ts'
export { ParamsError } from './ParamsError.ts'
export { type Affine, affine } from './raster/affine.ts'
export { blendCoverage } from './raster/blendCoverage.ts'
export { blurPlane, gaussianKernel } from './raster/blurPlane.ts'
export { type Canvas, type Color, cloneCanvas, createCanvas, resolveColor } from './raster/Canvas.ts'
export { catmullRom } from './raster/catmullRom.ts'
export { type ElasticOptions, elasticWarp } from './raster/elasticWarp.ts'
export { type FillOptions, fillPolygon } from './raster/fillPolygon.ts'
export { flattenBezier } from './raster/flattenBezier.ts'
export { gaussianBlur } from './raster/gaussianBlur.ts'
export { type InkMeasure, measureInk } from './raster/measureInk.ts'
export type { Point } from './raster/Point.ts'
export { resizeArea } from './raster/resizeArea.ts'
export { sampleBilinear } from './raster/sampleBilinear.ts'
export { type StrokeOptions, strokePolyline } from './raster/strokePolyline.ts'
export { toImage } from './raster/toImage.ts'
export { type WarpOptions, warpAffine } from './raster/warpAffine.ts'
export type {
  GenerateContext,
  GenerateFn,
  GeneratorManifest,
  JsonValue,
  OutputSpec,
  ParamsSchema,
  Sample,
  SampleImage,
  SamplePlane,
} from './types.ts'
export { validateParams } from './validateParams.ts'
