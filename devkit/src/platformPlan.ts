// The local platform as data: every service of `npm start`, in the order they are listed on the
// status board. The executors join as more entries. Each test suite runs a subset of
// the same plan (see startPlatform).
import type { ServiceDefinition } from './ServiceDefinition'
import { anvilService } from './services/anvilService'
import { codegenService } from './services/codegenService'
import { contractsService } from './services/contractsService'
import { dappService } from './services/dappService'
import { type DatabaseOptions, databaseService } from './services/databaseService'
import { deployService } from './services/deployService'
import { executorService, localExecutors } from './services/executorService'
import { type IndexerServiceOptions, indexerService } from './services/indexerService'
import { type IpfsServiceOptions, ipfsService } from './services/ipfsService'
import { signerService } from './services/signerService'

export type PlanOptions = {
  /** Chain id of the local anvil (31337 for `npm start`, 31338/31339 for tests); with an external RPC_URL, the expected one. */
  chainId?: number
  /** An external chain: no anvil, no deploy. */
  externalRpcUrl?: string
  /** Extra anvil arguments (e.g. `--balance 100000`). */
  anvilArgs?: readonly string[]
  database?: Partial<DatabaseOptions>
  indexer?: IndexerServiceOptions
  /** `dev`: Vite's dev server (npm start); `preview`: a production build served by `vite preview` (tests). */
  dapp?: 'dev' | 'preview'
  /** The content layer; by default configured from `baseEnv` (IPFS_RPC_URL etc., see content/.env.example). */
  ipfs?: IpfsServiceOptions
  /** The environment the platform starts with (the ipfs service reads its variables from it). */
  baseEnv?: NodeJS.ProcessEnv
  /** Services reported as skipped instead of started (LAUNCH_SKIP). */
  skip?: Iterable<string>
}

export function platformPlan(options: PlanOptions = {}): ServiceDefinition[] {
  const external = Boolean(options.externalRpcUrl)
  const plan = [
    contractsService(),
    anvilService({ chainId: options.chainId, externalRpcUrl: options.externalRpcUrl, args: options.anvilArgs }),
    deployService({ external }),
    codegenService(),
    databaseService({ allowPglite: true, ...options.database }),
    ipfsService({ env: options.baseEnv, ...options.ipfs }),
    signerService(),
    indexerService(options.indexer),
    dappService({ mode: options.dapp ?? 'dev' }),
    ...localExecutors.map((instance, index) => executorService(instance, index)),
  ]
  const skip = new Set(options.skip ?? [])
  return plan.map((service) => (skip.has(service.name) ? skipped(service) : service))
}

/** The same entry, reported as skipped and exporting nothing (dependents then run without it). */
function skipped(service: ServiceDefinition): ServiceDefinition {
  return {
    name: service.name,
    label: service.label,
    dependsOn: service.dependsOn,
    start: async () => ({ detail: '', skipped: 'skipped: LAUNCH_SKIP' }),
  }
}
