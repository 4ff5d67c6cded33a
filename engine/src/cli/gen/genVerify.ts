import { verifyShards } from '../../shards/verifyShards.ts'
import { CliError } from '../CliError.ts'
import { parseFlags } from '../parseFlags.ts'

const HELP = `Usage: neuro-gen verify <dir> [--json]

Re-hashes every shard listed in <dir>/manifest.json and compares size and sha256. Exits 1 if
any shard is missing or differs.

Flags:
  --json   print { ok, shards: [{ file, ok, problem? }] } as JSON`

export async function genVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('neuro-gen verify', args, { json: { type: 'boolean' } }, 1)
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (!positionals[0]) throw new CliError('neuro-gen verify: give the shard directory (the --out of `neuro-gen shards`)')
  let result: ReturnType<typeof verifyShards>
  try {
    result = verifyShards(positionals[0])
  } catch (error) {
    throw new CliError(`neuro-gen verify: ${(error as Error).message}`, 1)
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: result.ok, shards: result.checks })}\n`)
  else {
    for (const c of result.checks)
      process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.file}${c.problem ? `  ${c.problem}` : ''}\n`)
    process.stdout.write(`${result.checks.filter((c) => c.ok).length}/${result.checks.length} shards match the manifest\n`)
  }
  return result.ok ? 0 : 1
}
