// Plain-JS entry of a training replica thread. Worker threads do not reliably inherit the
// parent's TypeScript loader (tsx's --import hook, or a test runner's transform), so the
// worker registers tsx itself and then loads the TypeScript replica code.
import { register } from 'tsx/esm/api'

register()
await import('./trainWorker.ts')
