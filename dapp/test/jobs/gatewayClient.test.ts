// The dApp's gateway client against a real HTTP server standing in for the gateway: CIDs and
// paths from the chain cannot point its requests elsewhere on the gateway's origin, and an
// upload answer that is not IPFS's is refused with a reason the page can show.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rawCid } from '@neuromation/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GatewayError, gatewayClient } from '../../src/jobs/gatewayClient'

const text = (s: string) => new TextEncoder().encode(s)
const cid = rawCid(text('spec'))
const v0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG'

let server: Server
let base = ''
const requested: string[] = []
let uploadAnswer = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '')
    if (req.method === 'POST') {
      req.resume()
      return res.writeHead(200, { 'content-type': 'text/html' }).end(uploadAnswer)
    }
    if (req.url?.endsWith('/cut.tar')) {
      // Headers and a first part, then the connection goes: a gateway that did not get a block in time.
      res.writeHead(200, { 'content-length': '1000' }).write('part', () => res.destroy())
      return
    }
    res.writeHead(200).end('bytes')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(GatewayError)
  expect((error as GatewayError).retryable).toBe(false)
  return error as GatewayError
}

describe('gatewayClient', () => {
  it('reads CIDs and paths under /ipfs/<cid>/, each path segment encoded', async () => {
    const gateway = gatewayClient(base)
    requested.length = 0
    expect(new TextDecoder().decode(await gateway.getBytes(cid, 'shards/a b#1.tar'))).toBe('bytes')
    await gateway.getBytes(v0)
    expect(requested).toEqual([`/ipfs/${cid}/shards/a%20b%231.tar`, `/ipfs/${v0}`])
    expect(gateway.url(cid, 'generator.json')).toBe(`${base}/ipfs/${cid}/generator.json`)
  })

  it('turns a transfer the gateway breaks off mid-body into a retryable GatewayError', async () => {
    const error = await gatewayClient(base)
      .getBytes(cid, 'cut.tar')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).retryable).toBe(true)
    expect((error as GatewayError).message).toMatch(/^Reading cut\.tar of .*: the IPFS gateway broke off the transfer/)
  })

  it('refuses a CID or path from the chain that would leave /ipfs/<cid>/, before any request', async () => {
    const gateway = gatewayClient(base)
    requested.length = 0
    for (const bad of [
      '..',
      `../api/v0/add?x=${cid}`,
      `${cid}/../../health`,
      `${cid}?format=json`,
      `${cid}#x`,
      '%2e%2e',
      '',
      'bafy',
    ]) {
      const error = await refusal(gateway.getBytes(bad, 'spec.json'))
      expect(error.message).toContain('is not a CID (expected bafy... in base32, or Qm...)')
      expect(gateway.url(bad)).toBeUndefined()
    }
    for (const bad of ['../../api/v0/add', 'a/./b', 'a//b', '/etc/passwd', 'dir/']) {
      const error = await refusal(gateway.getBytes(cid, bad))
      expect(error.message).toContain('is not a file path inside the directory')
      expect(gateway.url(cid, bad)).toBeUndefined()
    }
    expect(requested).toEqual([])
  })

  it('refuses an upload answer that is not JSON lines, or without a CID, as a GatewayError', async () => {
    const gateway = gatewayClient(base)
    const files = [{ path: 'job.json', bytes: text('{}') }]
    uploadAnswer = '<html>Welcome to nginx</html>\n'
    const html = await refusal(gateway.add(files, { wrap: false }))
    expect(html.message).toBe(
      'Uploading to IPFS: the gateway answered "<html>Welcome to nginx</html>", not one JSON object per line as IPFS\'s /api/v0/add does. Is the gateway URL that of the platform\'s content service?',
    )
    expect(html.cause).toBeInstanceOf(SyntaxError)
    uploadAnswer = 'null\n'
    expect((await refusal(gateway.add(files, { wrap: false }))).message).toContain('did not return a CID')
    uploadAnswer = `${JSON.stringify({ Name: 'job.json', Hash: '../health', Size: '2' })}\n`
    expect((await refusal(gateway.add(files, { wrap: false }))).message).toContain(`answer: "../health" is not a CID`)
    uploadAnswer = `${JSON.stringify({ Name: 'job.json', Hash: cid, Size: '2' })}\n`
    expect(await gateway.add(files, { wrap: false })).toBe(cid)
  })
})
