// @neuromation/generator-sdk: everything a generator may import. Generators are bundled with
// this package by `neuro-gen pack`, so it must stay free of Node/browser APIs and of any
// engine-dependent arithmetic (see detMath.ts).
export { createRng, seedWords, type Rng } from './createRng.ts'
export {
  detMath, ldexp, sin, cos, tan, exp, expm1, log, log1p, log2, log10, pow, atan, atan2, asin, acos,
  sinh, cosh, tanh, asinh, acosh, atanh, cbrt, hypot, type DetMathName,
} from './detMath.ts'
export { createCanvas, cloneCanvas, resolveColor, type Canvas, type Color } from './raster/Canvas.ts'
export type { Point } from './raster/Point.ts'
export { toImage } from './raster/toImage.ts'
export { blendCoverage } from './raster/blendCoverage.ts'
export { strokePolyline, type StrokeOptions } from './raster/strokePolyline.ts'
export { flattenBezier } from './raster/flattenBezier.ts'
export { catmullRom } from './raster/catmullRom.ts'
export { fillPolygon, type FillOptions } from './raster/fillPolygon.ts'
export { affine, type Affine } from './raster/affine.ts'
export { sampleBilinear } from './raster/sampleBilinear.ts'
export { warpAffine, type WarpOptions } from './raster/warpAffine.ts'
export { gaussianBlur } from './raster/gaussianBlur.ts'
export { gaussianKernel, blurPlane } from './raster/blurPlane.ts'
export { elasticWarp, type ElasticOptions } from './raster/elasticWarp.ts'
export { resizeArea } from './raster/resizeArea.ts'
export { measureInk, type InkMeasure } from './raster/measureInk.ts'
export { validateParams } from './validateParams.ts'
export { ParamsError } from './ParamsError.ts'
export type {
  JsonValue, SampleImage, SamplePlane, Sample, GenerateContext, GenerateFn, ParamsSchema, OutputSpec, GeneratorManifest,
} from './types.ts'
