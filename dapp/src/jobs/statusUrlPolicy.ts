// Which executor status URLs a visitor's browser is sent to. A node's metadata is anyone's: its
// statusUrl is polled every 2 s by the browser of everyone who opens a job the node works on, so a
// public page must not turn its visitors into a scanner of their own networks (routers, printers,
// admin panels at 192.168.x.x) or of plain-http hosts. A page served from a local or private host
// is a local platform, whose nodes are local too: there anything the sdk's schema accepts is polled.

/** Host names that never name a public server (RFC 6761, 6762, 8375 and common private suffixes). */
const PRIVATE_NAME = /(^|\.)(localhost|local|internal|lan|home\.arpa|localdomain)$/i

function privateIPv4(host: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)
  if (!m) return false
  const [a, b] = [Number(m[1]), Number(m[2])]
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b < 128) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  )
}

function privateIPv6(host: string): boolean {
  if (!host.startsWith('[')) return false
  const ip = host.slice(1, -1).toLowerCase()
  if (ip === '::' || ip === '::1') return true
  // IPv4-mapped (the URL parser writes ::ffff:7f00:1 for ::ffff:127.0.0.1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip)
  if (mapped) {
    const [hi, lo] = [Number.parseInt(mapped[1], 16), Number.parseInt(mapped[2], 16)]
    return privateIPv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`)
  }
  const first = Number.parseInt(ip.split(':')[0] || '0', 16)
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00
}

/**
 * Whether `hostname` (as `new URL(...).hostname` writes it: IPv4 normalized, IPv6 in brackets)
 * names a loopback, private, link-local or otherwise non-public host.
 */
export function isPrivateHost(hostname: string): boolean {
  return hostname === '' || PRIVATE_NAME.test(hostname) || privateIPv4(hostname) || privateIPv6(hostname)
}

/**
 * Why a page served from `pageHostname` does not poll `statusUrl` (an http(s) URL the sdk's
 * metadata schema accepted), or undefined when it may: a public page polls only https URLs of
 * public hosts.
 */
export function refuseStatusUrl(statusUrl: string, pageHostname: string): string | undefined {
  if (isPrivateHost(pageHostname)) return undefined
  let url: URL
  try {
    url = new URL(statusUrl)
  } catch {
    return `${statusUrl} is not a URL`
  }
  if (url.protocol !== 'https:') return `the node's status URL ${statusUrl} is not https, so this page does not poll it`
  if (isPrivateHost(url.hostname))
    return `the node's status URL ${statusUrl} names a local or private host, so this page does not poll it`
  return undefined
}
