import { merkleRoot } from '@neuromation/sdk'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { checkResultManifest } from './checkResultManifest'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const shards = [
  { task: 5, sha256: h(1) },
  { task: 6, sha256: h(2) },
]
const root = merkleRoot(shards.map((s) => ({ taskIndex: s.task, shardHash: s.sha256 })))
const a = { firstTask: 5, taskCount: 2, root }
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

describe('checkResultManifest', () => {
  it("gives the shard hashes of a manifest that gives the assignment's root", () => {
    const check = checkResultManifest(json({ format: 'neuromation-result/1', shards }), a)
    expect(check.ok).toBe(true)
    if (check.ok) expect([check.shardHash(5), check.shardHash(6), check.shardHash(7)]).toEqual([h(1), h(2), undefined])
  })

  it('says why a manifest cannot back the root, without throwing', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('{ not json'), /not JSON/],
      [new Uint8Array([0xff, 0xfe, 0x7b]), /not JSON/],
      [json(null), /no shard list/],
      [json({ shards: 'x' }), /no shard list/],
      [json({ shards: shards.slice(1) }), /lists 1 shards for 2 tasks/],
      [json({ shards: [shards[0], { task: 6, sha256: 'zz' }] }), /shard 1 is not/],
      [json({ shards: [shards[0], { task: 6, sha256: `0x${'g'.repeat(64)}` }] }), /shard 1 is not/],
      [json({ shards: [shards[1], shards[0]] }), /shard 0 is not/],
      [json({ shards: [shards[0], null] }), /shard 1 is not/],
      [json({ shards: [shards[0], { task: 6, sha256: h(3) }] }), /does not give the submitted root/],
    ]
    for (const [bytes, reason] of cases) {
      const check = checkResultManifest(bytes, a)
      expect(check.ok).toBe(false)
      if (!check.ok) expect(check.reason).toMatch(reason)
    }
  })
})
