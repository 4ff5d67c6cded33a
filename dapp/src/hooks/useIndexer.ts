import { useMemo } from 'react'
import { useApp } from '../AppContext'
import { type IndexerClient, indexerClient } from '../lib/indexerClient'

/** The typed indexer client for the configured indexer URL (one per URL). */
export function useIndexer(): { client: IndexerClient; indexerUrl: string } {
  const { config } = useApp()
  const client = useMemo(() => indexerClient(config.indexerUrl), [config.indexerUrl])
  return { client, indexerUrl: config.indexerUrl }
}
