import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { graphqlBodyLimit } from '../src/api/graphqlBodyLimit'

const LIMIT = 64 * 1024

/** A handler that reads the whole body, as the GraphQL route does, behind the limit. */
function appWithLimit() {
  const reads: number[] = []
  const app = new Hono().post('/graphql', graphqlBodyLimit(LIMIT), async (c) => {
    const text = await c.req.text()
    reads.push(text.length)
    return c.json({ data: { length: text.length } })
  })
  return { app, reads }
}

/** A streamed body without Content-Length (Transfer-Encoding: chunked), `chunks` x `chunkBytes`; counts the chunks pulled. */
function chunkedBody(chunks: number, chunkBytes: number) {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close()
      pulled++
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20))
    },
  })
  return { body, pulled: () => pulled }
}

const chunkedRequest = (body: ReadableStream<Uint8Array>) =>
  new Request('http://indexer.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    body,
    duplex: 'half',
  } as RequestInit)

describe('graphqlBodyLimit', () => {
  it('cuts off a chunked body at the limit, before the handler buffers it, with 413 and a clear message', async () => {
    const { app, reads } = appWithLimit()
    // 16 MiB offered in 16 KiB chunks: refused after the fifth chunk crosses 64 KiB.
    const stream = chunkedBody(1024, 16 * 1024)
    const res = await app.fetch(chunkedRequest(stream.body))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      errors: [{ message: 'The request body is over 64 KiB; send a smaller query.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    })
    expect(reads).toEqual([])
    expect(stream.pulled()).toBeLessThanOrEqual(6)
  })

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { app, reads } = appWithLimit()
    const res = await app.fetch(
      new Request('http://indexer.test/graphql', {
        method: 'POST',
        body: 'x'.repeat(LIMIT + 1),
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(res.status).toBe(413)
    expect(reads).toEqual([])
  })

  it('passes bodies up to the limit, chunked or not, to the handler intact', async () => {
    const { app, reads } = appWithLimit()
    const stream = chunkedBody(4, 16 * 1024)
    expect((await app.fetch(chunkedRequest(stream.body))).status).toBe(200)
    const plain = await app.fetch(
      new Request('http://indexer.test/graphql', {
        method: 'POST',
        body: '{"query":"{ a }"}',
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(plain.status).toBe(200)
    expect(reads).toEqual([LIMIT, 17])
  })

  it('answers an endless chunked upload over a real socket with 413 instead of buffering it', async () => {
    const { app, reads } = appWithLimit()
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const { port } = server.address() as AddressInfo
      let sent = 0
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 16 * 1024
          controller.enqueue(new Uint8Array(16 * 1024).fill(0x20))
        },
      })
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
        signal: AbortSignal.timeout(10_000),
      } as RequestInit)
      expect(res.status).toBe(413)
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
        'PAYLOAD_TOO_LARGE',
      )
      expect(reads).toEqual([])
      expect(sent).toBeLessThan(64 * 1024 * 1024)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
