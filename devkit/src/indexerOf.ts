import type { ChildProcess } from 'node:child_process'
import type { RunningPlatform } from './runPlan'

/** A running indexer as the integration tests use it. */
export type Indexer = {
  url: string
  process: ChildProcess
  /** Its last output lines (the full log is in the platform's log directory). */
  logs: () => string
  stop: () => Promise<void>
}

/** The Indexer handle of a running platform that includes the indexer service. */
export function indexerOf(platform: RunningPlatform): Indexer {
  const service = platform.services.indexer
  if (!service?.process || service.skipped) throw new Error('the platform has no running indexer service; include "indexer" in its services')
  return {
    url: platform.env.INDEXER_URL,
    process: service.process,
    logs: () => (service.tail?.(400) ?? []).join('\n'),
    stop: () => service.stop?.() ?? Promise.resolve(),
  }
}
