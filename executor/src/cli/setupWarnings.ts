import type { ExecutorConfig } from '../config'

/**
 * Settings that leave a node unable to do its job although each is valid alone: an embedded IPFS
 * node with no peers can fetch no job spec or bundle and serve no result (its assignments would
 * lapse and cost it collateral); without a metrics port nobody sees its progress.
 */
export function setupWarnings(config: ExecutorConfig): string[] {
  const warnings: string[] = []
  if (config.ipfs === 'embedded' && config.ipfsPeers.length === 0)
    warnings.push(
      'the embedded IPFS node has no peers (EXECUTOR_IPFS_PEERS), so it can fetch no job spec or generator and serve no ' +
        'result: assignments would fail and cost collateral. Set EXECUTOR_IPFS_PEERS (or init --ipfs-peers) to the ' +
        "platform node's multiaddr (`npm start` prints it), or EXECUTOR_IPFS to a Kubo RPC URL.",
    )
  if (config.metricsPort === undefined)
    warnings.push(
      'no EXECUTOR_METRICS_PORT (or init --metrics-port): the daemon serves no /metrics or /status, so job pages and ' +
        '`neuro-executor status` cannot show its progress.',
    )
  return warnings
}
