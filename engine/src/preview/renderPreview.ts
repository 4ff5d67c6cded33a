import type { GeneratedSample } from '../sandbox/GeneratedSample.ts'
import { drawText } from './tinyFont.ts'

export interface PreviewOptions {
  columns: number
  /** Integer upscale of each sample (nearest neighbour), so small images stay readable. */
  scale: number
}

export interface PreviewImage {
  width: number
  height: number
  channels: 3
  data: Uint8Array
}

// Distinct colours for boxes, indexed by class.
const PALETTE = [
  [255, 64, 64],
  [64, 220, 64],
  [64, 128, 255],
  [255, 200, 0],
  [255, 64, 255],
  [0, 220, 220],
  [255, 140, 0],
  [160, 100, 255],
  [140, 255, 120],
  [255, 120, 160],
]

interface LabeledBox {
  bbox: [number, number, number, number]
  cls: string | number
}

// Labels a human can read at a glance: a scalar class, or objects with bounding boxes.
function describeLabel(label: unknown): { caption: string; boxes: LabeledBox[] } {
  if (typeof label === 'number' || typeof label === 'string' || typeof label === 'boolean')
    return { caption: String(label), boxes: [] }
  if (label && typeof label === 'object' && !Array.isArray(label)) {
    const record = label as Record<string, unknown>
    const list = Array.isArray(record.objects) ? record.objects : Array.isArray(record.boxes) ? record.boxes : undefined
    if (list) {
      const boxes = list
        .filter(
          (o): o is Record<string, unknown> => !!o && typeof o === 'object' && Array.isArray((o as { bbox?: unknown }).bbox),
        )
        .map((o) => ({ bbox: o.bbox as LabeledBox['bbox'], cls: (o.sku ?? o.class ?? o.label ?? '') as string | number }))
      return { caption: `${boxes.length} obj`, boxes }
    }
    for (const key of ['class', 'label', 'digit', 'cls']) {
      const v = record[key]
      if (typeof v === 'number' || typeof v === 'string') return { caption: String(v), boxes: [] }
    }
  }
  return { caption: '', boxes: [] }
}

/**
 * A grid of samples with their labels drawn: the class as text in a corner, and for object
 * labels (`{ objects: [{ bbox: [x0, y0, x1, y1], sku | class }] }`) a coloured rectangle and
 * class number per object. Gray and RGBA images are shown as RGB.
 */
export function renderPreview(samples: readonly GeneratedSample[], options: PreviewOptions): PreviewImage {
  if (samples.length === 0) throw new Error('renderPreview: no samples to show')
  const { columns, scale } = options
  const cellW = Math.max(...samples.map((s) => s.image.width)) * scale
  const cellH = Math.max(...samples.map((s) => s.image.height)) * scale
  const gap = 4
  const cols = Math.min(columns, samples.length)
  const rows = Math.ceil(samples.length / cols)
  const width = cols * cellW + (cols + 1) * gap
  const height = rows * cellH + (rows + 1) * gap
  const data = new Uint8Array(width * height * 3).fill(40)
  samples.forEach((sample, n) => {
    const ox = gap + (n % cols) * (cellW + gap)
    const oy = gap + Math.floor(n / cols) * (cellH + gap)
    const { width: w, height: h, channels, data: src } = sample.image
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const s = (Math.floor(y / scale) * w + Math.floor(x / scale)) * channels
        const d = ((oy + y) * width + ox + x) * 3
        for (let c = 0; c < 3; c++) data[d + c] = src[s + (channels >= 3 ? c : 0)]
      }
    }
    const { caption, boxes } = describeLabel(JSON.parse(sample.label))
    for (const box of boxes) {
      const color = PALETTE[Math.abs(Number(box.cls) || 0) % PALETTE.length]
      const [x0, y0, x1, y1] = box.bbox.map((v) => v * scale)
      for (let x = x0; x < x1; x++) {
        for (const y of [y0, y1 - 1]) {
          const d = ((oy + y) * width + ox + x) * 3
          data.set(color, d)
        }
      }
      for (let y = y0; y < y1; y++) {
        for (const x of [x0, x1 - 1]) {
          const d = ((oy + y) * width + ox + x) * 3
          data.set(color, d)
        }
      }
      if (scale >= 2 || x1 - x0 > 12) drawText(data, width, height, ox + x0, oy + y0, String(box.cls), color, 1)
    }
    drawText(
      data,
      width,
      height,
      ox,
      oy + cellH - 7 * Math.max(1, Math.min(2, scale)),
      `#${sample.index} ${caption}`,
      [255, 255, 255],
      Math.max(1, Math.min(2, scale)),
    )
  })
  return { width, height, channels: 3, data }
}
