// neuro-train: train a classifier on a generator's sample stream (sandboxed, checkpointed).
import { runNeuroTrain } from './runNeuroTrain.ts'

process.exitCode = await runNeuroTrain(process.argv.slice(2))
