import { sha256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { hashPair, merkleLeaf, merkleProof, merkleRoot, processProof, verifyMerkleProof } from './merkle'

// The shared vectors (market decision 4): tasks 0..4, shard hashes sha256("shard-0")..sha256("shard-4").
const results = [0, 1, 2, 3, 4].map((t) => ({ taskIndex: t, shardHash: sha256(toHex(`shard-${t}`)) }))

// Pinned: the contract's tests (OZ MerkleProof) use the same vectors and must find the same roots.
const pinned = {
  leaf0: '0x07aee36bacd8100299ae8ac083b350a45743e3569842388d25dbac023c35271a',
  root1: '0x07aee36bacd8100299ae8ac083b350a45743e3569842388d25dbac023c35271a',
  root2: '0x0fff21cfb1b158aeb24c27cd3088bc67611826972a352c2e6b51307e31a26c70',
  root3: '0x2b1aab955c91bd8208bbb67e36864e50b8274deac7677450b4c7f6acc52af808',
  root5: '0x9efe2cfdb84fca2735193b4aece9e23301b4e5f07becaaea5f90d58a675f0965',
} as const

describe('merkle', () => {
  it('computes the pinned roots of the shared vectors', () => {
    const root5 = merkleRoot(results)
    console.info(`shared vector root (tasks 0..4): ${root5}`)
    expect(sha256(toHex('shard-0'))).toBe('0x27f753da3d1d028053a879c9310bbc4131a5b6a76ffb3c8ed1734ba6e13912a3')
    expect(merkleLeaf(0, results[0].shardHash)).toBe(pinned.leaf0)
    expect(merkleRoot(results.slice(0, 1))).toBe(pinned.root1) // one leaf is its own root
    expect(merkleRoot(results.slice(0, 2))).toBe(pinned.root2)
    expect(merkleRoot(results.slice(0, 3))).toBe(pinned.root3)
    expect(root5).toBe(pinned.root5)
  })

  it('builds the tree as the NatSpec says: sorted pairs, the odd node promoted unchanged', () => {
    const l = results.map((r) => merkleLeaf(r.taskIndex, r.shardHash))
    const byHand = hashPair(hashPair(hashPair(l[0], l[1]), hashPair(l[2], l[3])), l[4])
    expect(merkleRoot(results)).toBe(byHand)
    expect(hashPair(l[0], l[1])).toBe(hashPair(l[1], l[0]))
  })

  it('gives proofs that OZ processProof takes back to the root, for every position and size', () => {
    for (let n = 1; n <= 5; n++) {
      const slice = results.slice(0, n)
      const root = merkleRoot(slice)
      for (let p = 0; p < n; p++) {
        const proof = merkleProof(slice, p)
        expect(processProof(merkleLeaf(p, slice[p].shardHash), proof)).toBe(root)
        expect(verifyMerkleProof(root, p, slice[p].shardHash, proof)).toBe(true)
        // The same proof with a wrong shard hash or index fails.
        expect(verifyMerkleProof(root, p, sha256(toHex('other')), proof)).toBe(false)
        expect(verifyMerkleProof(root, p + 100, slice[p].shardHash, proof)).toBe(false)
      }
    }
    expect(merkleProof(results, 4)).toHaveLength(1) // the promoted leaf needs one sibling only
  })

  it('uses the job-wide task index in the leaf (assignments that start past task 0)', () => {
    const later = results.map((r) => ({ ...r, taskIndex: r.taskIndex + 10 }))
    expect(merkleRoot(later)).not.toBe(merkleRoot(results))
    expect(verifyMerkleProof(merkleRoot(later), 12, later[2].shardHash, merkleProof(later, 2))).toBe(true)
  })

  it('rejects what cannot be a result', () => {
    expect(() => merkleRoot([])).toThrow('at least one task')
    expect(() => merkleRoot([results[0], results[2]])).toThrow('consecutive tasks in order; task 2 follows 0')
    expect(() => merkleLeaf(0, '0x1234')).toThrow('shardHash must be 32 bytes')
    expect(() => merkleProof(results, 5)).toThrow("position 5 is outside the assignment's 5 task(s)")
  })
})
