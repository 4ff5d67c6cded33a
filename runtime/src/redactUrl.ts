// RPC and database URLs often carry a secret: an API key in the path (Alchemy, Infura) or the
// query, or a password before the host. What is safe to show is where it points: scheme, host
// and port. Loopback URLs keep their path, which there names a local route, not a key.

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0'])

/**
 * `https://eth-mainnet.g.alchemy.com/v2/KEY` -> `https://eth-mainnet.g.alchemy.com/…`,
 * `postgresql://app:pw@db:5432/neuro` -> `postgresql://***@db:5432/…`. Text that is not a URL
 * is cut short instead, since it may still be a mistyped one with the key inside.
 */
export function redactUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return value.length > 16 ? `${value.slice(0, 16)}…` : value
  }
  const credentials = url.username || url.password ? '***@' : ''
  // `url.origin` is "null" for non-special schemes (postgresql:, redis:), so build it.
  const origin = `${url.protocol}//${credentials}${url.host}`
  if (loopbackHosts.has(url.hostname))
    return `${origin}${url.pathname === '/' && !value.endsWith('/') ? '' : url.pathname}${url.search}`
  const rest = (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== ''
  return rest ? `${origin}/…` : origin
}
