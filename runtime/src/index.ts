// @neuromation/runtime: the shared Node runtime of the services (Node-only; the dApp must not
// import it). The package entry point is its only barrel.
export { BaseError, type BaseErrorOptions } from './BaseError'
export { ConfigError } from './ConfigError'
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogSink,
  logLevels,
  serializeLogValue,
} from './createLogger'
export { createShutdown, type Shutdown, type ShutdownHook, type ShutdownOptions } from './createShutdown'
export { type EnvDisplay, type EnvIssueParams, type EnvOptions, type EnvSpec, env } from './env'
export { freePort } from './freePort'
export { type LoadConfigOptions, loadConfig } from './loadConfig'
export { quoteInput } from './quoteInput'
export { redactText } from './redactText'
export { redactUrl } from './redactUrl'
