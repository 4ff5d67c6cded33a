import type { ParamsSchema } from '@neuromation/generator-sdk'

/**
 * Abbreviations a generator's param keys use that read wrong in sentence case ("Sku count"):
 * written in capitals wherever they appear in a key, a plural "s" kept lower-case ("SKUs").
 */
const ACRONYMS = new Set([
  'api',
  'bgr',
  'cid',
  'cnn',
  'cpu',
  'dpi',
  'fov',
  'fps',
  'gan',
  'gpu',
  'hdr',
  'hsl',
  'hsv',
  'http',
  'id',
  'iou',
  'ipfs',
  'jpeg',
  'jpg',
  'json',
  'lod',
  'nms',
  'ocr',
  'png',
  'rgb',
  'rgba',
  'rng',
  'sku',
  'svg',
  'uri',
  'url',
  'uuid',
  'uv',
  'xml',
  'yuv',
])

function word(text: string): string {
  const lower = text.toLowerCase()
  if (ACRONYMS.has(lower)) return lower.toUpperCase()
  if (lower.endsWith('s') && ACRONYMS.has(lower.slice(0, -1))) return `${lower.slice(0, -1).toUpperCase()}s`
  // Capitals the generator's author wrote (an abbreviation this list lacks) stay as written.
  if (text.length > 1 && text === text.toUpperCase() && /[A-Z]/.test(text)) return text
  return lower
}

/**
 * How a generator param is labelled wherever the dApp shows it (the new-job form, a job's params):
 * the schema's `title` when it gives one, else the key in sentence case with its words split at
 * camelCase humps, `_` and `-`, and known abbreviations in capitals: "skuCount" -> "SKU count",
 * "max_stroke_width" -> "Max stroke width", "backgroundRGB" -> "Background RGB".
 */
export function paramLabel(key: string, schema?: ParamsSchema): string {
  const title = schema?.title?.trim()
  if (title) return title
  // A key in capitals throughout ("MAX_SIZE") says nothing about which words are abbreviations.
  const words = (/[a-z]/.test(key) ? key : key.toLowerCase())
    // "ipfsCID" -> "ipfs CID", "RGBMean" -> "RGB Mean", "layer2Size" -> "layer2 Size".
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map(word)
  if (words.length === 0) return key
  const [first, ...rest] = words
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ')
}
