/** A grey placeholder bar shown while data loads. */
export function Skeleton({ width = '6rem' }: { width?: string }) {
  return <span className="skeleton" style={{ width }} aria-hidden="true" />
}
