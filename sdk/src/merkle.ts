// The result Merkle tree of an assignment (market decision 4, IJobMarket NatSpec): one leaf per
// task in task order, leaf = keccak256(abi.encode(uint256 taskIndex, bytes32 sha256(shard))); a
// parent is keccak256 of its two children sorted (OpenZeppelin's commutative hash); an odd node at
// the end of a layer moves up unchanged; one leaf is its own root. The contract checks proofs
// with OZ MerkleProof.processProof, which this must agree with: tests on both sides share vectors.
import { concat, encodeAbiParameters, type Hex, keccak256 } from 'viem'

/** One task's result: its index in the job and the sha256 of its shard (0x-prefixed, 32 bytes). */
export type TaskResult = { taskIndex: number | bigint; shardHash: Hex }

/** The leaf of one task. */
export function merkleLeaf(taskIndex: number | bigint, shardHash: Hex): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(shardHash)) {
    throw new Error(`merkleLeaf: shardHash must be 32 bytes as 0x-prefixed hex, got ${shardHash}`)
  }
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(taskIndex), shardHash]))
}

/** OpenZeppelin's commutative hash: keccak256 of the two nodes, smaller first. */
export function hashPair(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]))
}

function layers(leaves: Hex[]): Hex[][] {
  if (leaves.length === 0) throw new Error('merkle: an assignment has at least one task; no leaves given')
  const all: Hex[][] = [leaves]
  let layer = leaves
  while (layer.length > 1) {
    const next: Hex[] = []
    for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? hashPair(layer[i], layer[i + 1]) : layer[i])
    all.push(next)
    layer = next
  }
  return all
}

/** The leaves of an assignment's results, checked to be consecutive tasks in order. */
export function merkleLeaves(results: readonly TaskResult[]): Hex[] {
  results.forEach((r, i) => {
    if (i > 0 && BigInt(r.taskIndex) !== BigInt(results[i - 1].taskIndex) + 1n) {
      throw new Error(
        `merkle: results must be consecutive tasks in order; task ${r.taskIndex} follows ${results[i - 1].taskIndex}`,
      )
    }
  })
  return results.map((r) => merkleLeaf(r.taskIndex, r.shardHash))
}

/** The root submitted for an assignment. */
export function merkleRoot(results: readonly TaskResult[]): Hex {
  const all = layers(merkleLeaves(results))
  return all[all.length - 1][0]
}

/**
 * The proof of the task at `position` (0-based within the assignment, i.e. taskIndex - firstTask):
 * the sibling at each layer, skipping layers where the node is promoted without a sibling.
 */
export function merkleProof(results: readonly TaskResult[], position: number): Hex[] {
  const all = layers(merkleLeaves(results))
  if (!Number.isInteger(position) || position < 0 || position >= all[0].length) {
    throw new RangeError(`merkleProof: position ${position} is outside the assignment's ${all[0].length} task(s)`)
  }
  const proof: Hex[] = []
  let index = position
  for (const layer of all.slice(0, -1)) {
    const sibling = index ^ 1
    if (sibling < layer.length) proof.push(layer[sibling])
    index >>= 1
  }
  return proof
}

/** OZ MerkleProof.processProof: the root a leaf and proof lead to. */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf)
}

/** Whether `proof` leads from task `taskIndex`'s leaf to `root` (what proveTask checks on-chain). */
export function verifyMerkleProof(root: Hex, taskIndex: number | bigint, shardHash: Hex, proof: readonly Hex[]): boolean {
  return processProof(merkleLeaf(taskIndex, shardHash), proof).toLowerCase() === root.toLowerCase()
}
