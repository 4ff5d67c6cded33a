// Minimal HTTP clients for the indexer's GraphQL, SQL-over-HTTP and JSON routes, the way a
// browser would call them (no Ponder client library, so the wire format itself is tested).

import { request } from 'node:http'

/** POSTs a GraphQL query and returns `data`; throws with the server's errors otherwise. */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] }
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body)}`)
  }
  return body.data
}

/**
 * Runs a read-only SQL query through `/sql/db`, the endpoint @ponder/client uses: the query is a
 * superjson-encoded { sql, params } in the `sql` search parameter; rows come back as JSON with
 * numeric columns as strings.
 */
export async function sql<Row>(url: string, query: string, params: unknown[] = []): Promise<Row[]> {
  const encoded = encodeURIComponent(JSON.stringify({ json: { sql: query, params } }))
  const res = await fetch(`${url}/sql/db?sql=${encoded}`)
  if (!res.ok) throw new Error(`SQL ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { rows: Row[] }).rows
}

/** GETs a JSON route; returns the status and the parsed body. */
export async function getJson<T>(url: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`)
  return { status: res.status, body: (await res.json()) as T }
}

/**
 * POSTs GraphQL whose body never ends: writes `chunks` (chunked unless `contentLength` is given),
 * then waits for the answer the server gives before reading the rest, and drops the connection.
 * This is how an oversized upload is refused; a fetch that keeps writing the body would race the
 * server closing the socket (EPIPE), so the test would measure the race instead of the answer.
 */
export async function postUnfinished(
  url: string,
  chunks: Uint8Array[],
  contentLength?: number,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' }
    if (contentLength !== undefined) headers['content-length'] = contentLength
    const req = request(`${url}/graphql`, { method: 'POST', headers, timeout: 10_000 })
    req.on('timeout', () => req.destroy(new Error('the server did not answer an unfinished body within 10 s')))
    req.on('error', reject)
    req.on('response', (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('error', reject)
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) })
      })
    })
    req.flushHeaders()
    for (const chunk of chunks) req.write(chunk)
  })
}
