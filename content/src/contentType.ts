// The Content-Type a gateway sends for a file: by its name's extension when it has one (files
// inside a directory), else by the first bytes (a bare file CID has no name). Covers what this
// platform stores: shard tars, PNG samples, JSON labels and manifests, generator modules.

const byExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  json: 'application/json',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tar: 'application/x-tar',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  zip: 'application/zip',
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  bin: 'application/octet-stream',
}

/** By extension, or undefined when the name has none we know. */
export function contentTypeByName(name: string): string | undefined {
  const dot = name.lastIndexOf('.')
  if (dot <= 0 || dot === name.length - 1) return undefined
  return byExtension[name.slice(dot + 1).toLowerCase()]
}

/** By magic numbers in the first bytes (give at least 512 when the file has them). */
export function contentTypeBySniffing(head: Uint8Array): string {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte)
  const ascii = (offset: number, text: string) => [...text].every((c, i) => head[offset + i] === c.charCodeAt(0))
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif'
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp'
  if (ascii(0, '%PDF-')) return 'application/pdf'
  if (starts(0x1f, 0x8b)) return 'application/gzip'
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'application/zip'
  if (starts(0x00, 0x61, 0x73, 0x6d)) return 'application/wasm'
  if (ascii(257, 'ustar')) return 'application/x-tar'
  if (isUtf8Text(head)) {
    const first = new TextDecoder().decode(head.subarray(0, 64)).trimStart()[0]
    return first === '{' || first === '[' ? 'application/json' : 'text/plain; charset=utf-8'
  }
  return 'application/octet-stream'
}

function isUtf8Text(head: Uint8Array): boolean {
  if (head.byteLength === 0) return false
  if (head.includes(0)) return false
  try {
    // A multi-byte character cut at the end of the sample is still text.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.byteLength - 3)))
    return true
  } catch {
    return false
  }
}
