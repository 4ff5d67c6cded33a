import { BaseError } from '@neuromation/runtime'

/**
 * Why the content layer refused or could not finish a request. The code tells a caller what to
 * do without reading the message: only codes about reaching content (not found in time, node
 * unreachable) are retryable; a CID mismatch means someone served wrong bytes and asking the
 * same node again gives the same lie.
 */
export type ContentErrorCode =
  | 'ContentNotFound' // no block for the CID arrived within the timeout (local store and peers), or not all of them within the read's total deadline
  | 'NodeUnavailable' // the Kubo RPC endpoint did not answer (down, refused, 5xx)
  | 'CidMismatch' // bytes returned by a node do not hash to the CID asked for, or an add returned another CID
  | 'ContentTooLarge' // the file is bigger than the caller's maxBytes, or its DAG has more blocks than a read of its size fetches
  | 'InvalidCid' // the text given is not a CID
  | 'InvalidPath' // a path inside a directory is malformed (empty segment, `..`, absolute)
  | 'PathNotFound' // the directory exists but holds no such entry
  | 'NotAFile' // get/getFile on a directory
  | 'NotADirectory' // ls on a file
  | 'DirectoryTooLarge' // a listing of a directory with more entries than one listing holds (MAX_LISTED_ENTRIES)
  | 'InvalidInput' // addDirectory with no entries, duplicate paths, a file that is also a folder
  | 'Unsupported' // a CID whose codec or hash this layer cannot read or verify
  | 'StoreClosed' // the store was closed

const retryableCodes = new Set<ContentErrorCode>(['ContentNotFound', 'NodeUnavailable'])

export class ContentError extends BaseError {
  override name = 'ContentError'
  declare readonly code: ContentErrorCode

  constructor(
    code: ContentErrorCode,
    shortMessage: string,
    options: { cause?: unknown; details?: string; metaMessages?: string[] } = {},
  ) {
    super(shortMessage, { ...options, code, retryable: retryableCodes.has(code) })
  }
}

/** True when `error` is a ContentError with `code`. */
export function isContentError(error: unknown, code?: ContentErrorCode): error is ContentError {
  return error instanceof ContentError && (code === undefined || error.code === code)
}
