import { useEffect, useRef, useState } from 'react'
import { labelSummary } from './labelSummary'
import type { ShardSample } from './shardSamples'

type Box = { bbox: [number, number, number, number]; text: string }

// Boxes a label describes: objects with a `bbox` [x0, y0, x1, y1) (e.g. the shelf generator's
// products, tagged with their SKU), or none.
function labelBoxes(label: unknown): Box[] {
  const objects = (label as { objects?: unknown })?.objects
  if (!Array.isArray(objects)) return []
  return objects.flatMap((o) => {
    const bbox = (o as { bbox?: unknown })?.bbox
    if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((v) => typeof v === 'number')) return []
    const sku = (o as { sku?: unknown }).sku
    return [{ bbox: bbox as Box['bbox'], text: sku === undefined ? '' : String(sku) }]
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
          ctx.fillText(String(cls), 4, size)
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
