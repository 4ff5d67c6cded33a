import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@neuromation/runtime'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDag } from '../src/buildDag'
import { createHeliaStore, type HeliaStore } from '../src/createHeliaStore'

const logger = createLogger({ level: 'silent' })
const text = (s: string) => new TextEncoder().encode(s)

// What the dApp sends: one multipart "file" part per file, the path (percent-encoded) as its filename.
function form(files: { path: string; bytes: Uint8Array }[]): FormData {
  const body = new FormData()
  for (const f of files) body.append('file', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), encodeURIComponent(f.path))
  return body
}
const lines = async (response: Response) =>
  (await response.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { Name: string; Hash: string; Size: string })

describe('gateway uploads (POST /api/v0/add)', () => {
  const dirs: string[] = []
  let store: HeliaStore
  let readOnly: HeliaStore
  const add = (query: string, body: FormData | string, headers?: Record<string, string>) =>
    fetch(`${store.gatewayBaseUrl}/api/v0/add?${query}`, { method: 'POST', body, headers })

  beforeAll(async () => {
    const dir = () => {
      const d = mkdtempSync(join(tmpdir(), 'neuro-upload-'))
      dirs.push(d)
      return d
    }
    store = await createHeliaStore({ dir: dir(), gatewayPort: 0, gatewayUploads: true, logger, fetchTimeoutMs: 2_000 })
    readOnly = await createHeliaStore({ dir: dir(), gatewayPort: 0, logger, fetchTimeoutMs: 2_000 })
  })
  afterAll(async () => {
    await store?.close()
    await readOnly?.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('adds one file with the CID the store gives, and serves it back', async () => {
    const spec = text('{"version":1,"kind":"GENERATE"}\n')
    const response = await add(
      'cid-version=1&raw-leaves=true&chunker=size-262144&pin=true',
      form([{ path: 'job.json', bytes: spec }]),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const [entry] = await lines(response)
    expect(entry).toEqual({ Name: 'job.json', Hash: await store.addBytes(spec), Size: String(spec.length) })
    expect(new Uint8Array(await (await fetch(`${store.gatewayBaseUrl}/ipfs/${entry.Hash}`)).arrayBuffer())).toEqual(spec)
  })

  it('adds a folder as one directory (the root last, named ""), the same CID as addDirectory', async () => {
    const files = [
      { path: 'generator.json', bytes: text('{"name":"x"}') },
      { path: 'generator.js', bytes: text('export default () => 1\n') },
    ]
    const answer = await lines(await add('cid-version=1&raw-leaves=true&wrap-with-directory=true', form(files)))
    expect(answer.map((l) => l.Name)).toEqual(['generator.json', 'generator.js', ''])
    const root = answer[2].Hash
    expect(root).toBe(await store.addDirectory(files))
    expect(await (await fetch(`${store.gatewayBaseUrl}/ipfs/${root}/generator.js`)).text()).toBe('export default () => 1\n')
  })

  it('refuses what it cannot honour, saying what to send', async () => {
    const one = form([{ path: 'a.txt', bytes: text('a') }])
    const refused = async (response: Response, status: number, message: RegExp) => {
      expect(response.status).toBe(status)
      expect(await response.text()).toMatch(message)
    }
    await refused(await add('cid-version=0', one), 400, /cid-version=0 is not supported: use 1/)
    await refused(await add('only-hash=true', one), 400, /Unknown option only-hash/)
    await refused(await add('', 'plain text', { 'content-type': 'text/plain' }), 415, /multipart\/form-data/)
    await refused(await add('', form([{ path: '../etc/passwd', bytes: text('x') }])), 400, /has a "\.\." segment/)
    await refused(
      await add(
        '',
        form([
          { path: 'a', bytes: text('a') },
          { path: 'b', bytes: text('b') },
        ]),
      ),
      400,
      /wrap-with-directory=true/,
    )
    // A store not opened for uploads keeps its gateway read-only.
    const response = await fetch(`${readOnly.gatewayBaseUrl}/api/v0/add`, { method: 'POST', body: one })
    await refused(response, 405, /read-only/)
  })

  it('refuses a folder the directory would refuse with 400, before adding any of its files', async () => {
    const fresh = () => new Uint8Array(randomBytes(64))
    const cases: [string, { path: string; bytes: Uint8Array }[], RegExp][] = [
      [
        'a duplicate path',
        [
          { path: 'a.txt', bytes: fresh() },
          { path: 'a.txt', bytes: fresh() },
        ],
        /"a.txt" is given twice/,
      ],
      [
        'a file used as a folder',
        [
          { path: 'a', bytes: fresh() },
          { path: 'a/b', bytes: fresh() },
        ],
        /"a" is a file but "a\/b"/,
      ],
      [
        'a backslash',
        [
          { path: 'ok.txt', bytes: fresh() },
          { path: 'a\\b.txt', bytes: fresh() },
        ],
        /contains a backslash/,
      ],
      [
        'a NUL',
        [
          { path: 'ok.txt', bytes: fresh() },
          { path: 'a\0b.txt', bytes: fresh() },
        ],
        /contains a NUL character/,
      ],
    ]
    for (const [what, files, message] of cases) {
      const response = await add('wrap-with-directory=true', form(files))
      expect(response.status, what).toBe(400)
      expect(await response.text(), what).toMatch(message)
      for (const file of files) {
        const cid = (await buildDag(new MemoryBlockstore(), file.bytes)).toString()
        expect(await store.has(cid), `${what}: ${file.path} was added`).toBe(false)
      }
    }
  })
})
