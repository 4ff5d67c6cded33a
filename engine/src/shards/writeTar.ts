/** One file of a tar archive. */
export interface TarEntry {
  name: string
  data: Uint8Array
}

const BLOCK = 512
const encoder = new TextEncoder()

function writeString(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text)
  if (bytes.length > length) throw new RangeError(`tar: "${text}" is longer than ${length} bytes`)
  header.set(bytes, offset)
}

// Octal number, zero-padded to length - 1 digits, NUL-terminated (the POSIX ustar layout).
function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, '0')
  if (text.length > length - 1) throw new RangeError(`tar: ${value} does not fit a ${length}-byte field`)
  writeString(header, offset, length, text)
}

/**
 * A deterministic POSIX ustar archive: entries in the given order, every header with mode 0644,
 * uid/gid 0, empty user/group names, mtime 0, regular-file type; data padded with zeros to
 * 512-byte blocks; two zero blocks at the end and no record padding. The same entries always
 * give the same bytes.
 */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  let total = 2 * BLOCK
  for (const e of entries) total += BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK
  const out = new Uint8Array(total)
  let offset = 0
  for (const entry of entries) {
    const name = encoder.encode(entry.name)
    if (name.length === 0 || name.length > 100) throw new RangeError(`tar: file name "${entry.name}" must be 1 to 100 bytes`)
    const header = out.subarray(offset, offset + BLOCK)
    writeString(header, 0, 100, entry.name)
    writeOctal(header, 100, 8, 0o644)
    writeOctal(header, 108, 8, 0)
    writeOctal(header, 116, 8, 0)
    writeOctal(header, 124, 12, entry.data.length)
    writeOctal(header, 136, 12, 0)
    header[156] = 0x30 // '0': regular file
    writeString(header, 257, 6, 'ustar') // magic "ustar\0"
    writeString(header, 263, 2, '00')
    writeOctal(header, 329, 8, 0) // devmajor
    writeOctal(header, 337, 8, 0) // devminor
    // Checksum: sum of header bytes with the checksum field taken as eight spaces.
    header.fill(0x20, 148, 156)
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += header[i]
    writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
    offset += BLOCK
    out.set(entry.data, offset)
    offset += Math.ceil(entry.data.length / BLOCK) * BLOCK
  }
  return out
}
