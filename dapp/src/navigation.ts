/** The pages the header links to, in order. Nested pages (e.g. /jobs/:id next) are not listed here. */
export const navigation = [
  { to: '/sale', label: 'Sale' },
  { to: '/token', label: 'Token' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/executors', label: 'Executors' },
] as const

const SITE = 'Neuromation'

/**
 * The browser tab's title for `pathname`: the page, then the site ("Job #12 · Neuromation"), so
 * tabs, bookmarks and history tell the pages apart.
 */
export function pageTitle(pathname: string): string {
  const path = pathname.replace(/\/+$/, '') || '/'
  if (path === '/jobs/new') return `Post a job · ${SITE}`
  const job = /^\/jobs\/([^/]+)$/.exec(path)
  if (job) return `${/^\d+$/.test(job[1]) ? `Job #${job[1]}` : 'No such job'} · ${SITE}`
  const section = navigation.find((item) => path === item.to)
  if (section) return `${section.label} · ${SITE}`
  return path === '/' ? SITE : `Page not found · ${SITE}`
}
