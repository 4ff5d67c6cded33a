// GraphiQL served from this process, offline. Ponder's page (and graphql-yoga's) loads GraphiQL
// from a CDN, so without internet the printed GraphQL URL showed a blank page. This serves the
// same GraphiQL build (graphql-yoga's, from the npm package @graphql-yoga/graphiql) with its CSS,
// script and Monaco workers from local files under /graphiql/assets/.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'

const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.css': { file: 'graphiql.css', type: 'text/css; charset=utf-8' },
  'yoga-graphiql.umd.js': { file: 'yoga-graphiql.umd.js', type: 'text/javascript; charset=utf-8' },
  'editor.worker.js': { file: 'monacoeditorwork/editor.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  'json.worker.js': { file: 'monacoeditorwork/json.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  'graphql.worker.js': { file: 'monacoeditorwork/graphql.worker..bundle.js', type: 'text/javascript; charset=utf-8' },
}

const DEFAULT_QUERY = `# Neuromation indexer. Lists take where, orderBy, orderDirection, limit, after/before.
{
  saleStats(id: "sale") { weiRaised tokensSold purchaseCount buyerCount finalized }
  tokenStats(id: "ntk") { totalSupply totalBurned holderCount }
  purchases(orderBy: "timestamp", orderDirection: "desc", limit: 5) {
    items { beneficiary phase weiAccepted tokens timestamp }
  }
}
`

/** The page: graphql-yoga's GraphiQL bootstrap with every URL pointing at this server. */
function page(endpoint: string): string {
  // Yoga's GraphiQL opens `query` (unless the URL has ?query=, where it keeps the user's edits).
  const options = JSON.stringify({ endpoint, title: 'Neuromation indexer', query: DEFAULT_QUERY })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Neuromation indexer: GraphiQL</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript. Without it, POST queries to ${endpoint} as JSON: {"query": "..."}.</noscript>
<div id="root">Loading GraphiQL...</div>
<script>
// Monaco runs its language services in workers; they are loaded from this server as blobs.
const workerUrls = {
  editorWorkerService: '/graphiql/assets/editor.worker.js',
  json: '/graphiql/assets/json.worker.js',
  graphql: '/graphiql/assets/graphql.worker.js',
}
const workers = {}
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] }
const prepareWorkers = () =>
  Promise.all(Object.entries(workerUrls).map(async ([label, url]) => {
    const source = await (await fetch(url)).text()
    workers[label] = URL.createObjectURL(new Blob([source], { type: 'application/javascript' }))
  }))
</script>
<script src="/graphiql/assets/yoga-graphiql.umd.js"></script>
<script>prepareWorkers().finally(() => YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${options}))</script>
</body>
</html>
`
}

/**
 * Routes: GET `/graphiql/assets/:name` (the bundle), and `pagePaths` answering the page. The files
 * are read on first use and kept in memory (about 10 MB), then served with a long cache lifetime.
 */
export function graphiqlApp({ endpoint, pagePaths }: { endpoint: string; pagePaths: string[] }): Hono {
  const require = createRequire(import.meta.url)
  const distDir = join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist')
  const loaded = new Map<string, Buffer>()
  const app = new Hono()
  const html = page(endpoint)

  for (const path of pagePaths) app.get(path, (c) => c.html(html))

  app.get('/graphiql/assets/:name', (c) => {
    const name = c.req.param('name')
    const asset = ASSETS[name]
    if (!asset) return c.text(`No GraphiQL asset "${name}"; the page at ${pagePaths[0]} loads what it needs.`, 404)
    let bytes = loaded.get(name)
    if (!bytes) {
      bytes = readFileSync(join(distDir, asset.file))
      loaded.set(name, bytes)
    }
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': asset.type,
      // The files belong to a pinned package version: safe to cache for a day.
      'cache-control': 'public, max-age=86400',
    })
  })
  return app
}
