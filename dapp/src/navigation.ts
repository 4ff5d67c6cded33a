/** The pages the header links to, in order. Nested pages (e.g. /jobs/:id next) are not listed here. */
export const navigation = [
  { to: '/sale', label: 'Sale' },
  { to: '/token', label: 'Token' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/executors', label: 'Executors' },
] as const
