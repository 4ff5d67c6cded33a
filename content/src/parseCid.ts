import { CID } from 'multiformats/cid'
import { ContentError } from './ContentError'

/** A CID from text (or a CID object), or a ContentError('InvalidCid') saying what was given. */
export function parseCid(input: string | CID): CID {
  if (typeof input !== 'string') {
    const cid = CID.asCID(input)
    if (cid) return cid
    throw new ContentError('InvalidCid', `Not a CID: ${String(input)}.`)
  }
  const text = input.trim()
  try {
    return CID.parse(text)
  } catch (error) {
    const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text
    throw new ContentError('InvalidCid', `"${shown}" is not a CID.`, {
      cause: error,
      metaMessages: ['Expected a CIDv1 such as bafybei... (base32) or a CIDv0 starting with Qm.'],
    })
  }
}
