// Evaluated inside every generator isolate (and the browser's Web Worker) before the bundle:
// hands the driver the SDK's rng and deterministic math. The driver deletes this global.
import { createRng, detMath } from '@neuromation/generator-sdk'

;(globalThis as { __neuroSdk?: unknown }).__neuroSdk = { createRng, detMath }
