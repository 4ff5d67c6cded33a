import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

/**
 * Shown when rendering a page throws (a bug, not a failed read: pages show their own read errors).
 * Replaces react-router's developer screen with a message and a way back; the error goes to the
 * console for a bug report.
 */
export function RouteErrorPage() {
  const error = useRouteError()
  console.error(error)
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error)
  return (
    <main className="container">
      <section className="card setup" role="alert" aria-labelledby="route-error-heading">
        <h1 id="route-error-heading">Something went wrong</h1>
        <p>This page failed to render: {message}</p>
        <p>
          Reload the page, or go back to the <Link to="/sale">sale</Link>. If it happens again, report it with the message above
          and your browser console's output.
        </p>
      </section>
    </main>
  )
}
