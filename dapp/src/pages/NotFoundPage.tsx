import { Link, useLocation } from 'react-router'
import { navigation } from '../navigation'

/** Any path the app does not know: says which one and links to every page that exists. */
export function NotFoundPage() {
  const { pathname } = useLocation()
  return (
    <section className="card setup" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        There is no page at <code data-testid="not-found-path">{pathname}</code>. Check the address, or go to one of these:
      </p>
      <ul>
        {navigation.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{item.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
