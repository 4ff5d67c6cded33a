import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadBundle } from '../../bundle/loadBundle.ts'
import { planeToImage } from '../../preview/planeToImage.ts'
import { renderPreview } from '../../preview/renderPreview.ts'
import { createSandboxPool } from '../../sandbox/createSandboxPool.ts'
import type { GeneratedSample } from '../../sandbox/GeneratedSample.ts'
import { encodePng } from '../../shards/encodePng.ts'
import { CliError } from '../CliError.ts'
import { intFlag, jsonFlag, parseFlags } from '../parseFlags.ts'

const HELP = `Usage: neuro-gen preview <dir> [--out FILE] [flags]

Runs the generator in the sandbox and writes a PNG grid of samples with their labels drawn: the
class as text, and a box with the class for every object of labels shaped
{ objects: [{ bbox: [x0, y0, x1, y1], sku | class }] }.

Flags:
  --out FILE          PNG to write (default preview.png)
  --params JSON|FILE  generator params (default {})
  --seed S            dataset seed (default 0)
  --start I           first sample index (default 0)
  --count N           samples to show (default 16)
  --columns C         grid columns (default 4)
  --scale K           integer upscale per sample (default: 4 for images up to 64 px, else 1)
  --plane NAME        show an extra plane instead of the image (mask: a colour per id;
                      depth and others: gray, near = bright)
  --json              print { out, samples: [{ index, label }] } as JSON`

export async function genPreview(args: string[]): Promise<number> {
  const cmd = 'neuro-gen preview'
  const { values, positionals } = parseFlags(
    cmd,
    args,
    {
      out: { type: 'string' },
      params: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      count: { type: 'string' },
      columns: { type: 'string' },
      scale: { type: 'string' },
      plane: { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  )
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (!positionals[0]) throw new CliError(`${cmd}: give a generator or bundle directory, e.g. \`${cmd} generators/shelf\``)
  const count = intFlag(cmd, 'count', values.count, 16, 1, 1024)
  const columns = intFlag(cmd, 'columns', values.columns, 4, 1, 64)
  const seed = intFlag(cmd, 'seed', values.seed, 0)
  const start = intFlag(cmd, 'start', values.start, 0)
  const params = jsonFlag(cmd, 'params', values.params)
  const bundle = await loadBundle(positionals[0])
  const pool = await createSandboxPool({ bundle, workers: Math.min(2, count) })
  const samples: GeneratedSample[] = []
  try {
    for await (const s of pool.generate({ params, seed, start, count })) samples.push(s)
  } finally {
    await pool.close()
  }
  const largest = Math.max(...samples.map((s) => Math.max(s.image.width, s.image.height)))
  const scale = intFlag(cmd, 'scale', values.scale, largest <= 64 ? 4 : 1, 1, 16)
  const out = resolve(values.out ?? 'preview.png')
  let shown = samples
  if (values.plane) {
    try {
      shown = samples.map((s) => ({ ...s, image: planeToImage(s, values.plane as string) }))
    } catch (error) {
      throw new CliError(`${cmd}: --plane ${(error as Error).message}`)
    }
  }
  writeFileSync(out, encodePng(renderPreview(shown, { columns, scale })))
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ out, samples: samples.map((s) => ({ index: s.index, label: JSON.parse(s.label) })) })}\n`,
    )
  else process.stdout.write(`wrote ${out} (${samples.length} samples of ${bundle.manifest.name}, cid ${bundle.cid})\n`)
  return 0
}
