import { join, resolve } from 'node:path'
import { packGenerator } from '../../bundle/packGenerator.ts'
import { CliError } from '../CliError.ts'
import { parseFlags } from '../parseFlags.ts'

const HELP = `Usage: neuro-gen pack <dir> [--out DIR] [--json]

Bundles the generator in <dir> (generator.json + src/generator.ts, importing only
@neuromation/generator-sdk) into one self-contained ES module, and writes generator.json (with
the module's sha256) and generator.js to --out (default <dir>/dist). Prints the bundle's CID
(CIDv1, raw leaves, 256 KiB chunks: the CID \`ipfs add -r --cid-version 1\` gives).

Flags:
  --out DIR   where to write the bundle (default <dir>/dist)
  --json      print { cid, moduleSha256, out, files } as JSON`

export async function genPack(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('neuro-gen pack', args, { out: { type: 'string' }, json: { type: 'boolean' } }, 1)
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const dir = positionals[0]
  if (!dir) throw new CliError('neuro-gen pack: give the generator directory, e.g. `neuro-gen pack generators/shelf`')
  const out = resolve(values.out ?? join(dir, 'dist'))
  const bundle = await packGenerator(dir, { outDir: out })
  const files = Object.fromEntries(Object.entries(bundle.files).map(([name, bytes]) => [name, bytes.length]))
  if (values.json) process.stdout.write(`${JSON.stringify({ cid: bundle.cid, moduleSha256: bundle.moduleSha256, out, files })}\n`)
  else {
    process.stdout.write(`packed ${bundle.manifest.name} ${bundle.manifest.version} into ${out}\n`)
    for (const [name, size] of Object.entries(files)) process.stdout.write(`  ${name}  ${size} bytes\n`)
    process.stdout.write(`cid     ${bundle.cid}\nsha256  ${bundle.moduleSha256}\n`)
  }
  return 0
}
