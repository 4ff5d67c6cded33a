import { ParamsError } from '@neuromation/generator-sdk'
import { SandboxError } from '../sandbox/SandboxError.ts'
import { CliError } from './CliError.ts'
import { genInfo } from './gen/genInfo.ts'
import { genPack } from './gen/genPack.ts'
import { genPreview } from './gen/genPreview.ts'
import { genShards } from './gen/genShards.ts'
import { genVerify } from './gen/genVerify.ts'

const USAGE = `Usage: neuro-gen <command> [flags]

Commands:
  pack <dir>        bundle a generator (generator.json + src/generator.ts) into one module; print its CID
  info <dir>        show a generator's name, CID, params (with defaults) and outputs
  preview <dir>     render a PNG grid of samples with their labels drawn
  shards            generate samples into deterministic WebDataset tar shards + manifest.json
  verify <dir>      re-hash the shards in DIR against its manifest.json

Run \`neuro-gen <command> --help\` for a command's flags. <dir> is a generator source directory
or a packed bundle directory.`

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  pack: genPack,
  info: genInfo,
  preview: genPreview,
  shards: genShards,
  verify: genVerify,
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command === undefined ? 2 : 0
  }
  const run = COMMANDS[command]
  if (!run)
    throw new CliError(
      `neuro-gen: unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (see \`neuro-gen --help\`)`,
    )
  return run(rest)
}

/**
 * Runs `neuro-gen <argv>`: output on process.stdout/stderr, returns the exit code (0 ok,
 * 1 failure, 2 usage or params error). Never throws.
 */
export async function runNeuroGen(argv: string[]): Promise<number> {
  try {
    return await main(argv)
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`)
      return error.exitCode
    }
    if (error instanceof SandboxError) {
      process.stderr.write(`neuro-gen: ${error.message}\n  hint: ${error.hint}\n`)
      return 1
    }
    if (error instanceof ParamsError) {
      process.stderr.write(`neuro-gen: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`neuro-gen: ${(error as Error).stack ?? String(error)}\n`)
    return 1
  }
}
