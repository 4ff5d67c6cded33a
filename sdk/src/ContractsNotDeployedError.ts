/** No deployment of the platform is known for a chain: the sdk was generated without its file. */
export class ContractsNotDeployedError extends Error {
  override name = 'ContractsNotDeployedError'

  constructor(
    readonly chainId: number,
    readonly knownChainIds: readonly number[],
  ) {
    super(
      `No Neuromation contracts for chain ${chainId}: deployments/${chainId}.json is missing or stale ` +
        `(known chains: ${knownChainIds.join(', ') || 'none'}). ` +
        `Deploy with script/Deploy.s.sol (locally \`npm start\` does it), then run \`npm run codegen\`.`,
    )
  }
}
