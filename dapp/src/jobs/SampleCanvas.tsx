import { useEffect, useRef, useState } from 'react'
import { labelSummary } from './labelSummary'
import type { ShardSample } from './shardSamples'

type Box = { bbox: [number, number, number, number]; text: string }

// Labels and images are whatever an executor put in its shard: at most this many boxes are drawn
// (ten million would hold the page's thread for minutes), and an image whose PNG header declares
// more pixels than this is not decoded (a 1 MB PNG can declare 16384 x 16384, 1 GiB decoded).
const MAX_BOXES = 500
const MAX_PREVIEW_PIXELS = 2048 * 2048

/** The width and height a PNG's header (IHDR) declares, or undefined when it is no PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  if (png.length < 24 || png[0] !== 0x89 || png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) return undefined
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

// Boxes a label describes: objects with a `bbox` [x0, y0, x1, y1) (e.g. the shelf generator's
// products, tagged with their SKU), or none.
function labelBoxes(label: unknown): Box[] {
  const objects = (label as { objects?: unknown })?.objects
  if (!Array.isArray(objects)) return []
  return objects.slice(0, MAX_BOXES).flatMap((o) => {
    const bbox = (o as { bbox?: unknown })?.bbox
    if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((v) => typeof v === 'number')) return []
    const sku = (o as { sku?: unknown }).sku
    return [{ bbox: bbox as Box['bbox'], text: sku === undefined ? '' : String(sku).slice(0, 40) }]
  })
}

/**
 * A shard sample drawn from its own PNG bytes (decoded by the browser) with its label drawn on
 * top: bounding boxes with their class for object labels, the class for classification labels.
 * Small images are scaled up with whole pixels so a 28x28 digit stays crisp.
 */
export function SampleCanvas({ sample }: { sample: ShardSample }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [error, setError] = useState<string>()
  useEffect(() => {
    let cancelled = false
    void (async () => {
      try {
        const declared = pngSize(sample.png)
        if (!declared) throw new Error('not a PNG image')
        if (declared.width * declared.height > MAX_PREVIEW_PIXELS)
          throw new Error(`a ${declared.width} x ${declared.height} image is too large to preview`)
        const bitmap = await createImageBitmap(new Blob([sample.png as Uint8Array<ArrayBuffer>], { type: 'image/png' }))
        const el = canvas.current
        if (cancelled || !el) return
        const scale = Math.max(1, Math.floor(160 / Math.max(bitmap.width, bitmap.height)))
        el.width = bitmap.width * scale
        el.height = bitmap.height * scale
        const ctx = el.getContext('2d')!
        ctx.imageSmoothingEnabled = false
        ctx.drawImage(bitmap, 0, 0, el.width, el.height)
        ctx.lineWidth = Math.max(1, scale)
        ctx.font = `${Math.max(9, 5 * scale)}px system-ui, sans-serif`
        for (const [i, box] of labelBoxes(sample.label).entries()) {
          const [x0, y0, x1, y1] = box.bbox.map((v) => v * scale)
          ctx.strokeStyle = `hsl(${(i * 67) % 360} 90% 55%)`
          ctx.strokeRect(x0 + 0.5, y0 + 0.5, Math.max(1, x1 - x0 - 1), Math.max(1, y1 - y0 - 1))
          if (box.text && y1 - y0 > 10) {
            ctx.fillStyle = ctx.strokeStyle
            ctx.fillText(box.text, x0 + 2, y0 + Math.max(9, 5 * scale))
          }
        }
        const cls = (sample.label as { class?: unknown })?.class
        if (cls !== undefined) {
          const size = Math.round(el.height / 4)
          ctx.font = `bold ${size}px system-ui, sans-serif`
          ctx.fillStyle = '#facc15'
          ctx.fillText(String(cls).slice(0, 40), 4, size)
        }
      } catch (cause) {
        if (!cancelled)
          setError(
            `The image of sample ${sample.index} cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`,
          )
      }
    })()
    return () => {
      cancelled = true
    }
  }, [sample])
  return error ? (
    <p className="field-error">{error}</p>
  ) : (
    <canvas
      ref={canvas}
      role="img"
      aria-label={`Sample ${sample.index}: ${labelSummary(sample.label)}`}
      data-testid="sample-canvas"
    />
  )
}
