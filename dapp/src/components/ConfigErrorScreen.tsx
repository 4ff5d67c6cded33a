import { ConfigError } from '../config'

/** Rendered by main.tsx when the environment is invalid; lists every problem at once. */
export function ConfigErrorScreen({ error }: { error: unknown }) {
  const problems = error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)]
  return (
    <main className="container">
      <section className="card setup" role="alert" aria-labelledby="config-error-heading">
        <h1 id="config-error-heading">The dApp cannot start</h1>
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <p className="muted">
          Fix the VITE_* variables (see <code>dapp/.env.example</code>) and restart <code>npm run dev</code>.
        </p>
      </section>
    </main>
  )
}
