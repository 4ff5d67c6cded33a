// npm run sim2real -- --out DIR: a CNN trained only on synthetic digits, tested on real MNIST.
import { runSim2real } from './runSim2real.ts'

process.exitCode = await runSim2real(process.argv.slice(2))
