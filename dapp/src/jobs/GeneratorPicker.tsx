import { useId, useState } from 'react'
import { useApp } from '../AppContext'
import { shortAddress } from '../lib/format'
import { checkGenerator } from './checkGenerator'
import { useGateway } from './useGateway'

/** The most the platform's gateway takes in one upload by default (@neuromation/content's DEFAULT_UPLOAD_LIMITS.maxBytes). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024

const cidText = /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/

/**
 * Where the job's generator comes from: one of the examples the platform published
 * (VITE_GENERATORS), a pasted bundle CID, or a packed bundle folder from this computer, checked
 * here like the engine checks it and added to IPFS through the gateway (its CID computed here
 * must be the one the gateway reports).
 */
export function GeneratorPicker({
  cid,
  onSelect,
  disabled,
}: {
  cid: string | undefined
  onSelect: (cid: string) => void
  disabled?: boolean
}) {
  const { config } = useApp()
  const gateway = useGateway()
  const id = useId()
  const [pasted, setPasted] = useState('')
  const [pasteError, setPasteError] = useState<string>()
  const [upload, setUpload] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false })

  const applyPasted = () => {
    const text = pasted.trim()
    if (!cidText.test(text)) {
      setPasteError('That is not a CID: paste the bundle directory CID that `neuro-gen pack` printed (bafy… or Qm…).')
      return
    }
    setPasteError(undefined)
    onSelect(text)
  }

  const uploadFolder = async (list: FileList | null) => {
    if (!list || list.length === 0) return
    setUpload({ busy: true })
    try {
      // A folder input gives every file with its relative path; a bundle's files sit at its top.
      const files: Record<string, Uint8Array> = {}
      for (const file of Array.from(list)) {
        const parts = (file.webkitRelativePath || file.name).split('/')
        if (parts.length <= 2) files[parts.at(-1)!] = new Uint8Array(await file.arrayBuffer())
      }
      const folder = (list[0].webkitRelativePath || list[0].name).split('/')[0]
      const bundle = await checkGenerator(files, `the folder "${folder}"`)
      // The platform's gateway refuses larger uploads (content's DEFAULT_UPLOAD_LIMITS) and may cut
      // the connection while the browser still sends, which reads as "unreachable": say it here.
      const size = Object.values(bundle.files).reduce((sum, bytes) => sum + bytes.length, 0)
      if (size > MAX_UPLOAD_BYTES) {
        throw new Error(
          `The bundle is ${(size / 2 ** 20).toFixed(1)} MiB, more than the ${MAX_UPLOAD_BYTES / 2 ** 20} MiB the platform's gateway takes in one upload: add it to an IPFS node the executors reach (ipfs add -r --cid-version=1 --raw-leaves) and paste its CID.`,
        )
      }
      const added = await gateway.add(
        Object.entries(bundle.files).map(([path, bytes]) => ({ path, bytes })),
        { wrap: true, timeoutMs: 120_000 },
      )
      if (added !== bundle.cid)
        throw new Error(`The gateway stored the bundle as ${added}, but its CID is ${bundle.cid}. Upload it again.`)
      setUpload({ busy: false, done: `${bundle.manifest.name} ${bundle.manifest.version} uploaded as ${bundle.cid}.` })
      onSelect(bundle.cid)
    } catch (error) {
      setUpload({ busy: false, error: error instanceof Error ? error.message : String(error) })
    }
  }

  return (
    <fieldset className="jobs-fieldset" disabled={disabled}>
      <legend>Generator</legend>
      {config.generators.length > 0 ? (
        <div className="jobs-choices" role="radiogroup" aria-label="Published generators">
          {config.generators.map((g) => (
            <label key={g.cid} className={`jobs-choice${cid === g.cid ? ' selected' : ''}`}>
              <input type="radio" name={`${id}-generator`} checked={cid === g.cid} onChange={() => onSelect(g.cid)} />
              <span>
                <strong>{g.name}</strong> <code className="mono small">{shortAddress(g.cid)}</code>
              </span>
            </label>
          ))}
        </div>
      ) : (
        <p className="muted small">
          The platform published no example generators (VITE_GENERATORS): paste a CID or upload a bundle.
        </p>
      )}
      <label htmlFor={`${id}-cid`}>Or paste a bundle CID</label>
      <div className="input-group">
        <input
          id={`${id}-cid`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="bafy…"
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          aria-invalid={pasteError ? true : undefined}
        />
        <button type="button" className="button button-ghost" onClick={applyPasted}>
          Use CID
        </button>
      </div>
      {pasteError && <p className="field-error">{pasteError}</p>}
      <label htmlFor={`${id}-folder`}>Or upload a packed bundle folder (generator.json + generator.js)</label>
      <input
        id={`${id}-folder`}
        type="file"
        // Non-standard but supported by every current browser: pick a whole folder.
        {...{ webkitdirectory: '', directory: '' }}
        multiple
        onChange={(e) => void uploadFolder(e.target.files)}
        disabled={upload.busy}
      />
      {upload.busy && (
        <p className="tx-progress" role="status">
          <span className="spinner" aria-hidden="true" /> Checking and uploading the bundle…
        </p>
      )}
      {upload.error && <p className="field-error">{upload.error}</p>}
      {upload.done && <p className="muted small">{upload.done}</p>}
    </fieldset>
  )
}
