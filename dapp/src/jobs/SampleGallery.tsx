import type { JobSpec } from '@neuromation/sdk'
import { useState } from 'react'
import { Notice } from '../components/Notice'
import { labelSummary } from './labelSummary'
import { type RecheckResult, recheckSample } from './recheckSample'
import { SampleCanvas } from './SampleCanvas'
import type { ShardSample } from './shardSamples'
import { useGenerator } from './useGenerator'
import { useShard } from './useShard'

/** Samples shown per task: a preview, not the dataset. */
const SHOWN = 8

/**
 * The samples of one task's shard, fetched from the gateway and untarred here, drawn with their
 * labels; "Re-check" runs the generator for that sample in a Web Worker and compares its files
 * with the shard's byte for byte.
 */
export function SampleGallery({ spec, resultCid, task }: { spec: JobSpec; resultCid: string; task: number }) {
  const shard = useShard(resultCid, task, spec.samplesPerTask)
  const generator = useGenerator(spec.generator)
  const [checks, setChecks] = useState<Record<number, { busy?: boolean; result?: RecheckResult; error?: string }>>({})

  const recheck = async (sample: ShardSample) => {
    if (!generator.data) return
    setChecks((c) => ({ ...c, [sample.index]: { busy: true } }))
    try {
      const result = await recheckSample({
        moduleSource: generator.data.moduleSource,
        paramsSchema: generator.data.manifest.params,
        params: spec.params,
        seed: spec.seed,
        sample,
      })
      setChecks((c) => ({ ...c, [sample.index]: { result } }))
    } catch (error) {
      setChecks((c) => ({ ...c, [sample.index]: { error: error instanceof Error ? error.message : String(error) } }))
    }
  }

  if (shard.error) {
    return (
      <Notice tone="error" title={`Cannot read task ${task}'s shard`}>
        <p>{shard.error.message}</p>
        <button type="button" className="button button-ghost" disabled={shard.isFetching} onClick={() => void shard.refetch()}>
          {shard.isFetching ? 'Trying again…' : 'Try again'}
        </button>
      </Notice>
    )
  }
  if (!shard.data) {
    return (
      <p className="tx-progress" role="status">
        <span className="spinner" aria-hidden="true" /> Fetching task {task}'s shard from IPFS…
      </p>
    )
  }
  const { samples, bytes } = shard.data
  return (
    <div className="form">
      <p className="muted small">
        Task {task}: {samples.length} samples, {(bytes.length / 1024).toFixed(1)} KiB
        {samples.length > SHOWN ? `, first ${SHOWN} shown` : ''}.
      </p>
      <div className="jobs-samples" data-testid="samples">
        {samples.slice(0, SHOWN).map((sample) => {
          const check = checks[sample.index]
          return (
            <figure key={sample.index} className="jobs-sample" data-testid={`sample-${sample.index}`}>
              <SampleCanvas sample={sample} />
              <figcaption className="jobs-sample-label">
                <strong>#{sample.index}</strong> {labelSummary(sample.label)}
              </figcaption>
              <button
                type="button"
                className="button button-ghost"
                disabled={!generator.data || check?.busy}
                onClick={() => void recheck(sample)}
                title={generator.error ? generator.error.message : 'Run the generator for this sample here and compare the bytes'}
              >
                {check?.busy ? 'Re-checking…' : 'Re-check sample'}
              </button>
              {check?.error && <p className="field-error">{check.error}</p>}
              {check?.result && (
                <div className="jobs-check" data-testid={`recheck-${sample.index}`}>
                  {check.result.match ? (
                    <span className="jobs-match">
                      Identical: {check.result.files.length} files match ({check.result.seconds.toFixed(2)} s)
                    </span>
                  ) : (
                    <span className="jobs-mismatch">Different: the executor's files are not what the generator makes</span>
                  )}
                  {check.result.files
                    .filter((f) => !f.match)
                    .map((f) => (
                      <span key={f.name} className="jobs-mono-wrap">
                        {f.name}: shard {f.shardSha256.slice(0, 12)}…, browser {f.browserSha256.slice(0, 12)}…
                      </span>
                    ))}
                </div>
              )}
            </figure>
          )
        })}
      </div>
    </div>
  )
}
