import { validateParams } from '@neuromation/generator-sdk'
import { loadBundle } from '../../bundle/loadBundle.ts'
import { CliError } from '../CliError.ts'
import { parseFlags } from '../parseFlags.ts'

const HELP = `Usage: neuro-gen info <dir> [--cid CID] [--json]

Shows a generator's name, version, CID, module sha256, params (type, default, range) and
outputs. <dir> is a generator source directory or a packed bundle directory.

Flags:
  --cid CID   fail unless the bundle has this CID
  --json      print the manifest, CID and default params as JSON`

export async function genInfo(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('neuro-gen info', args, { cid: { type: 'string' }, json: { type: 'boolean' } }, 1)
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (!positionals[0])
    throw new CliError('neuro-gen info: give a generator or bundle directory, e.g. `neuro-gen info generators/shelf`')
  const bundle = await loadBundle(positionals[0], { cid: values.cid })
  const m = bundle.manifest
  const defaults = validateParams(m.params, {})
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ cid: bundle.cid, moduleSha256: bundle.moduleSha256, defaults, manifest: m })}\n`)
    return 0
  }
  const lines = [
    `${m.name} ${m.version}`,
    `  ${m.description}`,
    `cid                ${bundle.cid}`,
    `module sha256      ${bundle.moduleSha256}`,
    `compute units      ${m.computeUnitsPerSample} per sample`,
    `image              ${m.output.image.width}x${m.output.image.height}x${m.output.image.channels}`,
  ]
  for (const [name, p] of Object.entries(m.output.planes ?? {}))
    lines.push(
      `plane ${name.padEnd(12)} ${p.width}x${p.height}x${p.channels} ${p.bitDepth ?? 8}-bit${p.description ? `  ${p.description}` : ''}`,
    )
  lines.push('params:')
  for (const [name, p] of Object.entries(m.params.properties ?? {})) {
    const range =
      p.minimum !== undefined || p.maximum !== undefined
        ? ` [${p.minimum ?? ''}..${p.maximum ?? ''}]`
        : p.enum
          ? ` one of ${p.enum.map((e) => JSON.stringify(e)).join('|')}`
          : ''
    lines.push(
      `  ${name.padEnd(20)} ${(p.type ?? 'any').padEnd(8)} default ${JSON.stringify(defaults[name])}${range}${p.description ? `  ${p.description}` : ''}`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
