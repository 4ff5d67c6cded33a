import { type ExecutorMetadata, MAX_EXECUTOR_METADATA_BYTES, parseExecutorMetadata, rawCid } from '@neuromation/sdk'
import type { GatewayClient } from './gatewayClient'

/** A metadata document is a small single-block file: its CIDv1 with the raw codec (bafkrei...). */
const RAW_CID = /^bafkrei[a-z2-7]{52}$/

/**
 * An executor's registry metadata, read through the IPFS gateway and checked here: anyone can
 * register any text as a CID, and the gateway is not trusted either, so the bytes must hash to
 * the CID (a one-block document's CID is its sha256), stay under the size limit and parse as
 * executor metadata. Throws an Error whose message is the reason, shown on the page.
 */
export async function fetchExecutorMetadata(
  gateway: GatewayClient,
  cid: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ExecutorMetadata> {
  if (!RAW_CID.test(cid)) {
    throw new Error(
      `its metadata CID "${cid.slice(0, 80)}" is not a one-block document (bafkrei...): the node should run \`neuro-executor register\``,
    )
  }
  const bytes = await gateway.getBytes(cid, '', {
    maxBytes: MAX_EXECUTOR_METADATA_BYTES,
    timeoutMs: options.timeoutMs ?? 15_000,
    signal: options.signal,
  })
  if (rawCid(bytes) !== cid) throw new Error(`the gateway returned bytes for ${cid} that do not hash to it`)
  return parseExecutorMetadata(bytes, `at ${cid}`)
}
