// @neuromation/devkit: the local platform as data (service definitions run by one plan runner),
// used by `npm start` and by every integration and browser test; plus the chain, database and
// browser helpers those tests share. Node-only. The package entry point is its only barrel.

export { freePort } from '@neuromation/runtime'
export { buildDapp, viteBin } from './buildDapp'
export { createStatusBoard, type StatusBoard, type Step } from './createStatusBoard'
export { defineProcessService, type ProcessServiceSpec } from './defineProcessService'
export { deploy } from './deploy'
export { type Indexer, indexerOf } from './indexerOf'
export { type BrowserSource, findBrowser, launchBrowser } from './launchBrowser'
export { type LauncherConfig, loadLauncherConfig, type SkippableService, skippableServices } from './launcherConfig'
export { localRoles } from './localRoles'
export { PlatformError } from './PlatformError'
export { packageScript } from './packageScript'
export { type PlanOptions, platformPlan } from './platformPlan'
export { portInUse } from './portInUse'
export { accountRoles, type LocalDeployConfig, renderSummary, type SummaryInput } from './renderSummary'
export { binPath, repoRoot } from './repoRoot'
export { rpcAnswers, rpcChainId } from './rpcChainId'
export { runCommand } from './runCommand'
export { type RunningPlatform, type RunPlanOptions, runPlan, selectServices } from './runPlan'
export type { RunningService, ServiceContext, ServiceDefinition } from './ServiceDefinition'
// Scripted user journeys on a local chain, shared by the indexer's suites and the load benchmark.
export { createSaleDriver, type SaleDriver } from './scenarios/createSaleDriver'
export {
  LOCAL_CAP_SALT,
  LOCAL_CAP_WEI,
  runSaleScenario,
  type ScenarioPurchase,
  type ScenarioResult,
} from './scenarios/runSaleScenario'
export { localExecutors } from './services/executorService'
export { sleep } from './sleep'
export { type ServiceProcess, spawnService } from './spawnService'
export { type Anvil, startAnvil } from './startAnvil'
export { type IndexerOptions, startIndexer } from './startIndexer'
export { type PlatformOptions, startPlatform, startTestPlatform } from './startPlatform'
export { type PostgresServer, startPostgres } from './startPostgres'
export { stopProcess } from './stopProcess'
export { processTree, stopProcessTree } from './stopProcessTree'
export { waitForHttp } from './waitForHttp'
export { waitForIndexedBlock } from './waitForIndexedBlock'
