// @neuromation/devkit/scenarios: scripted user journeys on a local chain, shared by the indexer's
// suites and the load benchmark. Not in the package's main entry: they read the sdk's generated
// ABIs, which a fresh clone has only after `forge build` and codegen, and `npm start` (which runs
// those itself) imports the main entry before either has run.
export { createSaleDriver, type SaleDriver } from './createSaleDriver'
export { type MarketScenario, runMarketScenario, scenarioAsks } from './runMarketScenario'
export {
  LOCAL_CAP_SALT,
  LOCAL_CAP_WEI,
  runSaleScenario,
  type ScenarioPurchase,
  type ScenarioResult,
} from './runSaleScenario'
export { type SendOptions, scenarioClients } from './scenarioClients'
