// neuro-gen: package, preview and run generator bundles into deterministic WebDataset shards.
import { runNeuroGen } from './runNeuroGen.ts'

process.exitCode = await runNeuroGen(process.argv.slice(2))
