import { deployments } from '@neuromation/sdk'

/** Shown instead of the pages when @neuromation/sdk has no addresses for the configured chain. */
export function NotDeployed({ chainId }: { chainId: number }) {
  const known = Object.keys(deployments)
  return (
    <section className="card setup" aria-labelledby="not-deployed-heading">
      <h1 id="not-deployed-heading">Not deployed on chain {chainId}</h1>
      <p>
        The app has no Neuromation contract addresses for chain <strong>{chainId}</strong>
        {known.length ? ` (it knows chain${known.length > 1 ? 's' : ''} ${known.join(', ')})` : ''}.
      </p>
      <ol>
        <li>
          For the local platform, run <code>npm start</code>: it starts anvil, deploys the contracts and runs the codegen.
        </li>
        <li>
          For another chain, deploy with <code>script/Deploy.s.sol</code>, then run <code>npm run codegen</code> and restart the
          dApp.
        </li>
        <li>
          Or point the app at a chain that has a deployment: set <code>VITE_CHAIN_ID</code> and <code>VITE_RPC_URL</code> (see{' '}
          <code>dapp/.env.example</code>).
        </li>
      </ol>
    </section>
  )
}
