import { useQueries } from '@tanstack/react-query'
import { fetchExecutorMetadata } from './fetchExecutorMetadata'
import { useGateway } from './useGateway'

/** What the page knows of an executor's name: its metadata's name, why there is none, or not yet. */
export type ExecutorName = { kind: 'named'; name: string } | { kind: 'unnamed'; reason: string } | { kind: 'loading' }

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))
// A name is the executor's own text: control and bidi-override characters could make it pose as
// another node's name or reorder the row around it, so they are dropped.
const printable = (name: string) => name.replace(/[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '').trim()

/**
 * The names executors publish in their metadata documents (`neuro-executor register` puts one on
 * IPFS and its CID in the NodeRegistry), keyed by lower-case address. Each document is read
 * through the gateway and verified against its CID (fetchExecutorMetadata): a CID is chosen by
 * the executor, so a missing, foreign or malformed document gives a reason, never a page error.
 * A CID's bytes never change, so each is read once per page load.
 */
export function useExecutorNames(rows: readonly { address: string; metadataCid: string | null }[]): Map<string, ExecutorName> {
  const gateway = useGateway()
  const cids = [...new Set(rows.flatMap((row) => (row.metadataCid ? [row.metadataCid] : [])))].sort()
  const documents = useQueries({
    queries: cids.map((cid) => ({
      queryKey: ['ipfs', 'executor-metadata', gateway.gatewayUrl, cid],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchExecutorMetadata(gateway, cid, { signal }),
      staleTime: Number.POSITIVE_INFINITY,
      retry: 1,
    })),
  })
  const names = new Map<string, ExecutorName>()
  for (const row of rows) {
    const address = row.address.toLowerCase()
    if (!row.metadataCid) {
      names.set(address, { kind: 'unnamed', reason: 'the node registered no metadata document' })
      continue
    }
    const document = documents[cids.indexOf(row.metadataCid)]
    const name = document?.data ? printable(document.data.name) : ''
    if (name) names.set(address, { kind: 'named', name })
    else if (document?.data) names.set(address, { kind: 'unnamed', reason: 'its metadata name has no printable characters' })
    else if (document?.error) names.set(address, { kind: 'unnamed', reason: message(document.error) })
    else names.set(address, { kind: 'loading' })
  }
  return names
}
