import type { AssignmentProgress } from '@neuromation/sdk'
import { useQueries } from '@tanstack/react-query'
import { fetchExecutorMetadata } from './fetchExecutorMetadata'
import { fetchExecutorStatus } from './fetchExecutorStatus'
import { refuseStatusUrl } from './statusUrlPolicy'
import { useExecutorMetadataCids } from './useExecutorMetadataCids'
import { useGateway } from './useGateway'
import type { IndexedAssignment } from './useJob'

/** Assignments whose result is not on the chain yet: the executor's own report says how far it is. */
const OPEN = new Set(['Assigned', 'Committed'])
/** How often a running node is asked (only while the page is open and visible). */
const POLL_MS = 2_000

/** What the page knows of an open assignment beyond the chain. */
export type LiveStatus =
  | { kind: 'progress'; progress: AssignmentProgress; node: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'loading' }

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Live progress of a job's open assignments, from their executors: each executor's metadata CID
 * (indexer) -> its metadata document (gateway, verified) -> its statusUrl, polled every 2 s while
 * the page is mounted and the tab visible (a public page polls only https URLs of public hosts:
 * {@link refuseStatusUrl}). A node's report counts only for the assignments the
 * chain gives that node; anything failing along the way is an "unavailable" with its reason, never
 * an error of the page. Keyed by assignment id.
 */
export function useExecutorProgress(assignments: IndexedAssignment[]): Map<string, LiveStatus> {
  const gateway = useGateway()
  const open = assignments.filter((a) => OPEN.has(a.status))
  const nodes = [...new Set(open.map((a) => a.executor.toLowerCase() as `0x${string}`))].sort()

  const rows = useExecutorMetadataCids(nodes)
  const cidOf = (node: string) => rows.data?.find((r) => r.address.toLowerCase() === node)?.metadataCid ?? null
  const metadata = useQueries({
    queries: nodes.map((node) => {
      const cid = cidOf(node)
      return {
        // Until its CID is known, each node's (disabled) query has a key of its own: one key shared
        // by several pending nodes is what React Query warns about as duplicate queries.
        queryKey: cid !== null ? ['ipfs', 'executor-metadata', gateway.gatewayUrl, cid] : ['executor-metadata-pending', node],
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchExecutorMetadata(gateway, cid as string, { signal }),
        enabled: cid !== null,
        staleTime: Number.POSITIVE_INFINITY,
        retry: 1,
      }
    }),
  })
  const refusals = nodes.map((_, i) => {
    const url = metadata[i]?.data?.statusUrl
    return url === undefined ? undefined : refuseStatusUrl(url, window.location.hostname)
  })
  const statuses = useQueries({
    queries: nodes.map((node, i) => {
      const url = metadata[i]?.data?.statusUrl
      return {
        queryKey: url !== undefined ? ['executor-status', url] : ['executor-status-pending', node],
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchExecutorStatus(url as string, { signal }),
        enabled: url !== undefined && refusals[i] === undefined,
        refetchInterval: POLL_MS,
        retry: false,
      }
    }),
  })

  const byNode = new Map<string, LiveStatus | { kind: 'report'; index: number }>()
  nodes.forEach((node, i) => {
    const meta = metadata[i]
    const status = statuses[i]
    if (rows.error) byNode.set(node, { kind: 'unavailable', reason: message(rows.error) })
    else if (!rows.data) byNode.set(node, { kind: 'loading' })
    else if (cidOf(node) === null) byNode.set(node, { kind: 'unavailable', reason: 'the executor has no metadata' })
    else if (meta.error) byNode.set(node, { kind: 'unavailable', reason: message(meta.error) })
    else if (!meta.data) byNode.set(node, { kind: 'loading' })
    else if (refusals[i] !== undefined) byNode.set(node, { kind: 'unavailable', reason: refusals[i] })
    else if (status.error && !status.data) byNode.set(node, { kind: 'unavailable', reason: message(status.error) })
    else if (!status.data) byNode.set(node, { kind: 'loading' })
    else if (status.data.executor.toLowerCase() !== node)
      byNode.set(node, { kind: 'unavailable', reason: `${meta.data.statusUrl} reports for another executor` })
    else if (status.error) byNode.set(node, { kind: 'unavailable', reason: message(status.error) })
    else byNode.set(node, { kind: 'report', index: i })
  })

  const live = new Map<string, LiveStatus>()
  for (const a of open) {
    const node = a.executor.toLowerCase()
    const entry = byNode.get(node) ?? { kind: 'loading' }
    if (entry.kind !== 'report') {
      live.set(a.id.toString(), entry)
      continue
    }
    const report = statuses[entry.index].data
    const progress = report?.assignments.find((p) => p.assignmentId === a.id.toString() && p.jobId === a.jobId.toString())
    live.set(
      a.id.toString(),
      progress
        ? { kind: 'progress', progress, node: metadata[entry.index].data?.name ?? node }
        : { kind: 'unavailable', reason: 'the node does not report this assignment (yet)' },
    )
  }
  return live
}
