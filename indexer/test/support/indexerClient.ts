// Minimal HTTP clients for the indexer's GraphQL, SQL-over-HTTP and JSON routes, the way a
// browser would call them (no Ponder client library, so the wire format itself is tested).

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
