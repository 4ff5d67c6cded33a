// The answer to an /api/* request no route took: 405 with Allow for a route that exists with
// another method, else a JSON 404 listing the routes. The routes come from the Hono app itself
// (`app.routes` once every /api route is registered), so no second list can drift from them.
import type { Context } from 'hono'

export type RegisteredRoute = { method: string; path: string }

/** A route pattern (`/api/jobs/:id`) as a regular expression over request paths. */
function patternOf(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${escaped}$`)
}

/** A client's path for a message: its first 100 characters. */
const shown = (path: string) => (path.length > 100 ? `${path.slice(0, 100)}…` : path)

/** The handler for `app.all('/api/*', ...)`, given the app's routes registered before it. */
export function apiNotFound(registered: readonly RegisteredRoute[]) {
  const byPath = new Map<string, Set<string>>()
  for (const { method, path } of registered) {
    // `ALL` entries are middleware (caches, guards), not routes of their own.
    if (!path.startsWith('/api/') || method === 'ALL') continue
    const methods = byPath.get(path) ?? new Set<string>()
    methods.add(method)
    // Hono answers HEAD with the GET route.
    if (method === 'GET') methods.add('HEAD')
    byPath.set(path, methods)
  }
  const routes = [...byPath].map(([path, methods]) => ({ path, pattern: patternOf(path), allow: [...methods] }))
  const listed = routes.flatMap(({ path, allow }) =>
    allow.filter((method) => method !== 'HEAD').map((method) => `${method} ${path}`),
  )

  return (c: Context) => {
    const route = routes.find(({ pattern }) => pattern.test(c.req.path))
    if (route) {
      const allow = route.allow.join(', ')
      c.header('Allow', allow)
      return c.json({ error: `${c.req.method} is not allowed on ${route.path}; use ${allow}.`, allow: route.allow }, 405)
    }
    return c.json(
      {
        error: `No route ${c.req.method} ${shown(c.req.path)}. The /api routes are listed in \`routes\` (see indexer/README.md, "HTTP").`,
        routes: listed,
      },
      404,
    )
  }
}
