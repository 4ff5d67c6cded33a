import { useState } from 'react'
import { useApp } from '../AppContext'
import { downloadDataset } from './downloadDataset'
import { useGateway } from './useGateway'
import { type DatasetPart, webdatasetSnippet } from './webdatasetSnippet'

/**
 * The finished dataset: its result directories on IPFS, one-click download of every shard as a
 * single tar, and a PyTorch webdataset snippet that streams it from the local gateway.
 */
export function DatasetCard({
  jobId,
  parts,
  samplesPerTask,
}: {
  jobId: bigint
  parts: DatasetPart[]
  /** From the job's spec; the download waits for it, since it checks each shard against it. */
  samplesPerTask: number | undefined
}) {
  const { config } = useApp()
  const gateway = useGateway()
  const [download, setDownload] = useState<{ busy: boolean; progress?: string; error?: string }>({ busy: false })
  const [copied, setCopied] = useState(false)
  const snippet = webdatasetSnippet(config.gatewayUrl, parts)

  const save = async () => {
    if (samplesPerTask === undefined) return
    setDownload({ busy: true, progress: 'Fetching shards…' })
    try {
      const tar = await downloadDataset(gateway, parts, samplesPerTask, {
        onProgress: (done, total) => setDownload({ busy: true, progress: `Fetched ${done} of ${total} shards…` }),
      })
      const url = URL.createObjectURL(new Blob([tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }))
      const link = document.createElement('a')
      link.href = url
      link.download = `job-${jobId}-dataset.tar`
      link.click()
      // The browser has taken the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      setDownload({ busy: false, progress: `Saved job-${jobId}-dataset.tar (${(tar.length / 1024).toFixed(1)} KiB).` })
    } catch (error) {
      setDownload({ busy: false, error: error instanceof Error ? error.message : String(error) })
    }
  }

  return (
    <section className="card form" aria-labelledby="dataset-heading" data-testid="dataset">
      <h2 id="dataset-heading">Dataset</h2>
      <p className="muted small">Result directories on IPFS (one per accepted assignment, a shard per task):</p>
      <ul className="jobs-mono-wrap">
        {parts.map((p) => (
          <li key={`${p.resultCid}-${p.firstTask}`}>
            tasks {p.firstTask}–{p.firstTask + p.taskCount - 1}:{' '}
            <a href={gateway.url(p.resultCid)} target="_blank" rel="noreferrer">
              {p.resultCid}
            </a>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={download.busy || samplesPerTask === undefined}
          title={samplesPerTask === undefined ? 'Waiting for the job spec (samples per task)' : undefined}
          onClick={() => void save()}
        >
          Download dataset (.tar)
        </button>
      </div>
      {download.progress && (
        <p className="muted small" role="status" data-testid="download-status">
          {download.progress}
        </p>
      )}
      {download.error && <p className="field-error">{download.error}</p>}
      <div className="card-head">
        <h3>PyTorch (webdataset)</h3>
        <button
          type="button"
          className="button button-ghost"
          onClick={() =>
            void navigator.clipboard?.writeText(snippet).then(
              () => {
                setCopied(true)
                // Back to "Copy" after a moment, so that a second copy gets its own confirmation.
                setTimeout(() => setCopied(false), 2_000)
              },
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="jobs-code" data-testid="snippet">
        <code>{snippet}</code>
      </pre>
    </section>
  )
}
