import { Navigate, type RouteObject } from 'react-router'
import { Layout } from './Layout'
import { NotFoundPage } from './pages/NotFoundPage'
import { RouteErrorPage } from './pages/RouteErrorPage'
import { SalePage } from './pages/SalePage'
import { TokenPage } from './pages/TokenPage'
import { ExecutorsPage } from './routes/executors/ExecutorsPage'
import { JobPage } from './routes/jobs/JobPage'
import { JobsPage } from './routes/jobs/JobsPage'
import { NewJobPage } from './routes/jobs/NewJobPage'

/**
 * The dApp's route tree: one layout route (header, nav, footer) whose children are the pages.
 * Real paths, not hash fragments, so a page can be bookmarked and shared; `vite` and
 * `vite preview` answer every unknown path with index.html, which lets deep links load.
 * A section with sub-pages nests under its own path, e.g. { path: 'jobs', children: [{ index },
 * { path: ':id' }] }.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <Navigate to="/sale" replace /> },
      { path: 'sale', element: <SalePage /> },
      { path: 'token', element: <TokenPage /> },
      {
        path: 'jobs',
        children: [
          { index: true, element: <JobsPage /> },
          { path: 'new', element: <NewJobPage /> },
          { path: ':id', element: <JobPage /> },
        ],
      },
      { path: 'executors', element: <ExecutorsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]
