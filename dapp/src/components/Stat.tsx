import type { ReactNode } from 'react'

/** One figure with its label; `testId` lets tests and assistive tech find it by name. */
export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="stat-hint">{hint}</dd>}
    </div>
  )
}
