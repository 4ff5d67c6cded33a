// @neuromation/executor: the executor node (daemon + CLI) as a library, for tests and embedding.
export { type AskObservation, AskStrategy, type AskStrategyOptions } from './ask/AskStrategy'
export { type Chain, createChain } from './chain/createChain'
export { type ExecutorConfig, loadExecutorConfig } from './config'
export { Executor, type ExecutorOptions } from './Executor'
export { ExecutorError } from './ExecutorError'
export { Metrics } from './metrics/Metrics'
export { startExecutor } from './startExecutor'
