import { runNeuroExecutor } from './runNeuroExecutor'

const code = await runNeuroExecutor(process.argv.slice(2))
process.exitCode = code
