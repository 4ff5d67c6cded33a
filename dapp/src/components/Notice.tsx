import type { ReactNode } from 'react'

/** An inline message; errors are announced to screen readers as alerts. */
export function Notice({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'success' | 'warning' | 'error'
  title?: string
  children?: ReactNode
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      {title && <strong className="notice-title">{title}</strong>}
      {children && <div className="notice-body">{children}</div>}
    </div>
  )
}
