/** A labelled progress bar; `value`/`max` are bigints so token amounts keep full precision. */
export function ProgressBar({ value, max, label }: { value: bigint; max: bigint; label: string }) {
  // Hundredths of a percent, so tiny progress still shows as non-zero.
  const basis = max > 0n ? Number((value * 10_000n) / max) : 0
  const percent = Math.min(100, basis / 100)
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Number(percent.toFixed(2))}
    >
      <div className="progress-fill" style={{ width: `${value > 0n ? Math.max(percent, 0.5) : 0}%` }} />
    </div>
  )
}
