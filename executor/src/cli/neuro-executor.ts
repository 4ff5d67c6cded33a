import { runNeuroExecutor } from './runNeuroExecutor'

const code = await runNeuroExecutor(process.argv.slice(2))
// A command is over once it returns (each stops what it started): exit now rather than wait for
// the event loop to drain, which a socket kept open by a library (a ws:// RPC's WebSocket) would
// hold open for ever. stdout and stderr are flushed first, so piped output is never cut.
process.exitCode = code
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
