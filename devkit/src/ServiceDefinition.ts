// A service of the local platform, as data: its name, what it depends on, the port it listens on,
// how to start it (which includes waiting until it is ready), what it exports to later services
// (variables such as RPC_URL or DATABASE_URL) and how to stop it. runPlan() starts a list of
// them in dependency order; adding a service to the platform is adding one definition.
import type { ChildProcess } from 'node:child_process'
import type { Logger } from '@neuromation/runtime'

export type ServiceContext = {
  /** Everything binds to loopback: this is a developer platform, not a deployment. */
  host: '127.0.0.1'
  /** This service's port, when its definition has one. */
  port: number | undefined
  /**
   * Every planned service's port, assigned before anything starts: a service may need another's
   * URL before that one is ready (the dApp build embeds the indexer's URL).
   */
  ports: Readonly<Record<string, number>>
  /** Variables exported by the services started so far, plus those given to the run. */
  env: Readonly<Record<string, string>>
  /** The environment the platform was started with; child processes inherit it. */
  baseEnv: NodeJS.ProcessEnv
  /** Where this service writes its output. */
  logFile: string
  readyTimeoutMs: number
  stopGraceMs: number
  /** Aborted when the platform start is interrupted (Ctrl-C, another service failed). */
  signal: AbortSignal
  logger: Logger
  /** How many times this service was restarted after exiting on its own (0 at the first start). */
  restarts?: number
}

export type RunningService = {
  /** One line for the status board, e.g. the URL it serves. */
  detail: string
  /** Variables later services (and the caller) receive, e.g. `{ RPC_URL, CHAIN_ID }`. */
  exports?: Record<string, string>
  /** Set when the service deliberately did not start (LAUNCH_SKIP, an external server given). */
  skipped?: string
  /** A long-running process: its exit while the platform is up is reported as a crash. */
  exited?: Promise<number>
  /** That process (the leader of its own process group). */
  process?: ChildProcess
  /** Its last output lines, for error reports. */
  tail?: (n?: number) => string[]
  logFile?: string
  /** Bounded by the platform's stop grace; idempotent. */
  stop?: () => Promise<void>
}

export type ServiceDefinition = {
  name: string
  /** How the status board names it, when not by `name` (an external chain is no "anvil"). */
  label?: string
  /** Services that must be ready first. One absent from a run is assumed given by its caller. */
  dependsOn: readonly string[]
  /** The port `npm start` uses and the variable that changes it; tests take free ports. */
  port?: { default: number; env: string }
  /** Starts the service and resolves once it is ready; on failure it leaves nothing running. */
  start: (context: ServiceContext) => Promise<RunningService>
  /**
   * Started again (at most this many times in a run) when its process exits on its own, instead
   * of stopping the platform: for services whose crash the rest of the platform is built to
   * survive (an executor node, which resumes from its data dir). Its log is appended to.
   */
  restartOnExit?: number
}
