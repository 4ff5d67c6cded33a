// Most services are one long-running process with an HTTP readiness check: this turns that
// description (command, environment, ready URL, exports) into a ServiceDefinition.
import type { RunningService, ServiceContext, ServiceDefinition } from './ServiceDefinition'
import { spawnService } from './spawnService'
import { waitForHttp } from './waitForHttp'

export type ProcessServiceSpec = {
  name: string
  dependsOn: readonly string[]
  port?: ServiceDefinition['port']
  /** Work before the process starts (a build); its failure fails the service. */
  prepare?: (context: ServiceContext) => Promise<void>
  command: (context: ServiceContext) => {
    command: string
    args: string[]
    cwd: string
    env: NodeJS.ProcessEnv
    stopSignal?: NodeJS.Signals
    uid?: number
    gid?: number
  }
  /** What proves the service ready: `url` answering 200 (or `probe` returning true). */
  ready: (context: ServiceContext) => {
    url: string
    accept?: (body: string) => boolean
    probe?: (url: string, signal: AbortSignal) => Promise<boolean>
    hint?: string
  }
  exports?: (context: ServiceContext) => Record<string, string>
  detail: (context: ServiceContext) => string
  /** Cleanup after the process is gone (temporary directories). */
  cleanup?: (context: ServiceContext) => Promise<void>
  /** See ServiceDefinition.restartOnExit. */
  restartOnExit?: number
}

export function defineProcessService(spec: ProcessServiceSpec): ServiceDefinition {
  return {
    name: spec.name,
    dependsOn: spec.dependsOn,
    port: spec.port,
    restartOnExit: spec.restartOnExit,
    async start(context): Promise<RunningService> {
      // What prepare made (a node's registration and stake, a build) outlives a crash of the
      // process: a restart only starts the process again.
      if (!context.restarts) await spec.prepare?.(context)
      const { command, args, cwd, env, stopSignal, uid, gid } = spec.command(context)
      const proc = spawnService({
        name: spec.name,
        command,
        args,
        cwd,
        env,
        logFile: context.logFile,
        // A restart keeps what the crashed run wrote.
        append: (context.restarts ?? 0) > 0,
        stopSignal,
        uid,
        gid,
      })
      const stop = async () => {
        await proc.stop(context.stopGraceMs)
        await spec.cleanup?.(context)
      }
      try {
        await waitForHttp({ service: proc, ...spec.ready(context), timeoutMs: context.readyTimeoutMs, signal: context.signal })
      } catch (error) {
        await stop()
        throw error
      }
      return {
        detail: spec.detail(context),
        exports: spec.exports?.(context),
        exited: proc.exited,
        process: proc.child,
        tail: proc.tail,
        logFile: proc.logFile,
        stop,
      }
    },
  }
}
