export interface Progress {
  update(done: number): void
  finish(): void
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--'
  const s = Math.round(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * A progress bar on `stream` (stderr by default), drawn only when it is a terminal so that logs
 * and pipes stay clean; redrawn at most 10 times a second.
 */
export function createProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = stream.isTTY === true
  const started = performance.now()
  let last = 0
  const draw = (done: number): void => {
    const elapsed = (performance.now() - started) / 1000
    const rate = done / Math.max(elapsed, 1e-9)
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60))
    const filled = Math.round((done / Math.max(total, 1)) * width)
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`
    stream.write(`\r${label} [${bar}] ${done}/${total} ${rate.toFixed(1)}/s ETA ${formatDuration((total - done) / rate)} `)
  }
  return {
    update(done) {
      if (!enabled) return
      const now = performance.now()
      if (now - last < 100 && done < total) return
      last = now
      draw(done)
    },
    finish() {
      if (enabled) stream.write('\n')
    },
  }
}
