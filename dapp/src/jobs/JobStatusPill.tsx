import type { JobPhase } from './jobPhase'

/** A job's phase (jobPhase) as a coloured pill, its meaning in the tooltip. */
export function JobStatusPill({ phase }: { phase: JobPhase }) {
  return (
    <span className={`pill pill-${phase.tone}`} title={phase.title} data-testid="job-status">
      {phase.label}
    </span>
  )
}
