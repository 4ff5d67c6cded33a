import { shortAddress } from '../lib/format'

/** A transaction hash, shortened, with the full hash on hover and for copying. Local chains have no explorer. */
export function TxLink({ hash }: { hash: string }) {
  return (
    <code className="mono" title={hash}>
      {shortAddress(hash)}
    </code>
  )
}
