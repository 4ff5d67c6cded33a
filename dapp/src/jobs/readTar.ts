const BLOCK = 512
const decoder = new TextDecoder()

/** One regular file of a tar archive; `data` is a view into the archive's bytes (no copy). */
export type TarFile = { name: string; data: Uint8Array }

/** The archive is not a tar file the engine could have written; `message` says where it breaks. */
export class TarError extends Error {
  override name = 'TarError'
}

function text(bytes: Uint8Array): string {
  const end = bytes.indexOf(0)
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end))
}

function octal(bytes: Uint8Array, what: string, offset: number): number {
  const digits = text(bytes).trim()
  if (!/^[0-7]+$/.test(digits)) throw new TarError(`the tar header at byte ${offset} has a bad ${what} field ("${digits}")`)
  return Number.parseInt(digits, 8)
}

/**
 * Reads the regular files of a POSIX ustar archive (an engine shard: `<key>.png`, `<key>.json`,
 * `<key>.<plane>.png`), in archive order. Every header's checksum is verified, so a truncated or
 * corrupted download fails here with the byte offset instead of showing a broken sample. Entries
 * other than regular files (directories, links, pax headers) are skipped: a shard has none, and a
 * hand-made archive may.
 */
export function readTar(archive: Uint8Array): TarFile[] {
  const files: TarFile[] = []
  let offset = 0
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK)
    // Two zero blocks end the archive; one is enough to stop reading.
    if (header.every((b) => b === 0)) return files
    const expected = octal(header.subarray(148, 156), 'checksum', offset)
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]
    if (sum !== expected)
      throw new TarError(`the tar header at byte ${offset} is corrupted (checksum ${sum}, recorded ${expected})`)
    const prefix = text(header.subarray(345, 500))
    const base = text(header.subarray(0, 100))
    const name = prefix ? `${prefix}/${base}` : base
    const size = octal(header.subarray(124, 136), 'size', offset)
    const type = header[156]
    const start = offset + BLOCK
    // Data is padded to whole blocks; a download cut anywhere before the padding's end is truncated.
    const end = start + Math.ceil(size / BLOCK) * BLOCK
    if (end > archive.length) {
      throw new TarError(
        `"${name}" needs ${end - start} bytes (${size} and padding) but the archive ends ${archive.length - start} bytes after its header: the download was cut short`,
      )
    }
    // '0' and NUL are regular files in ustar and in old tar.
    if (type === 0x30 || type === 0) files.push({ name, data: archive.subarray(start, start + size) })
    offset = end
  }
  if (offset !== archive.length) throw new TarError(`the archive ends inside a header (${archive.length - offset} stray bytes)`)
  return files
}
