import { formatDuration } from '../lib/format'

/** Time left until `target` by the chain's clock; "now" once reached. */
export function Countdown({ target, now, label }: { target: number; now: number | undefined; label: string }) {
  const left = now === undefined ? undefined : target - now
  return (
    <div className="countdown" role="timer" aria-label={label}>
      <span className="countdown-label">{label}</span>
      <span className="countdown-value">{left === undefined ? '…' : left <= 0 ? 'now' : formatDuration(left)}</span>
    </div>
  )
}
