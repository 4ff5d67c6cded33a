import { sampleKey, type TarEntry, writeTar } from '@neuromation/engine/browser'
import { describe, expect, it } from 'vitest'
import { downloadDataset, PARALLEL_SHARDS } from '../../src/jobs/downloadDataset'
import { type GatewayClient, GatewayError } from '../../src/jobs/gatewayClient'
import { TarError } from '../../src/jobs/readTar'
import { shardFileName } from '../../src/jobs/shardFileName'

const encoder = new TextEncoder()
const SAMPLES_PER_TASK = 2
// Sample i's files as the engine names them (the bytes only need to differ per sample here).
const sampleFiles = (i: number): TarEntry[] => [
  { name: `${sampleKey(i)}.png`, data: encoder.encode(`png ${i}`) },
  { name: `${sampleKey(i)}.json`, data: encoder.encode(`{"sample":${i}}`) },
]
const taskFiles = (task: number) => [0, 1].flatMap((k) => sampleFiles(task * SAMPLES_PER_TASK + k))
// A task's shard: its two samples.
const shardOf = (task: number) => writeTar(taskFiles(task))

// Two result directories of 3 and 2 tasks, listed out of task order.
const parts = [
  { resultCid: 'bafy-b', firstTask: 3, taskCount: 2 },
  { resultCid: 'bafy-a', firstTask: 0, taskCount: 3 },
]
const whole = writeTar([0, 1, 2, 3, 4].flatMap(taskFiles))

/**
 * A gateway serving every task's shard; `answer` decides each read (by task and attempt) and may
 * serve other bytes.
 */
function fakeGateway(answer: (task: number, attempt: number) => Promise<Uint8Array | undefined> | Uint8Array | undefined) {
  const reads: number[] = []
  let inFlight = 0
  let maxInFlight = 0
  const getBytes = async (cid: string, path: string) => {
    const task = [0, 1, 2, 3, 4].find((t) => path === shardFileName(t)) as number
    expect(cid).toBe(task < 3 ? 'bafy-a' : 'bafy-b')
    const attempt = reads.filter((t) => t === task).length + 1
    reads.push(task)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    try {
      return (await answer(task, attempt)) ?? shardOf(task)
    } finally {
      inFlight--
    }
  }
  return { gateway: { getBytes } as unknown as GatewayClient, reads, maxInFlight: () => maxInFlight }
}

const noWait = async () => {}

describe('downloadDataset', () => {
  it('fetches shards in parallel and writes them in task order, whatever order they arrive in', async () => {
    // Earlier tasks answer later.
    const { gateway, maxInFlight } = fakeGateway(
      (task) => new Promise((resolve) => setTimeout(() => resolve(undefined), (5 - task) * 5)),
    )
    const progress: string[] = []
    const tar = await downloadDataset(gateway, parts, SAMPLES_PER_TASK, {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    })
    expect(tar).toEqual(whole)
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5'])
    expect(maxInFlight()).toBe(PARALLEL_SHARDS)
  })

  it('retries a shard the gateway failed to serve for now, with backoff', async () => {
    const { gateway, reads } = fakeGateway((task, attempt) => {
      if (task === 2 && attempt <= 2) throw new GatewayError('the IPFS gateway is unreachable', true)
      return undefined // the default shard
    })
    const waits: number[] = []
    const tar = await downloadDataset(gateway, parts, SAMPLES_PER_TASK, {
      backoff: async (failures) => void waits.push(failures),
    })
    expect(tar).toEqual(whole)
    expect(reads.filter((t) => t === 2)).toHaveLength(3)
    expect(waits).toEqual([1, 2])
  })

  it('stops at a shard no retry can bring (a 404) and reports it', async () => {
    const { gateway, reads } = fakeGateway((task) => {
      if (task === 1) throw new GatewayError('the gateway answered 404 (not found)', false)
      return undefined // the default shard
    })
    await expect(downloadDataset(gateway, parts, SAMPLES_PER_TASK, { backoff: noWait })).rejects.toThrow('404')
    expect(reads.filter((t) => t === 1)).toHaveLength(1)
  })

  it('gives up on a gateway that stays down after four retries', async () => {
    const { gateway, reads } = fakeGateway((task) => {
      if (task === 0) throw new GatewayError('the IPFS gateway is unreachable', true)
      return undefined // the default shard
    })
    await expect(downloadDataset(gateway, parts, SAMPLES_PER_TASK, { backoff: noWait })).rejects.toThrow('unreachable')
    expect(reads.filter((t) => t === 0)).toHaveLength(5)
  })

  // The archive's names come from executors: one could write files anywhere a user's tool extracts
  // them, or pass off another task's samples as this one's.
  it.each([
    [
      'a path out of the archive',
      () => writeTar([...taskFiles(1), { name: '../../.bashrc', data: encoder.encode('x') }]),
      '../../.bashrc',
    ],
    ["another task's sample", () => writeTar([...sampleFiles(0), ...sampleFiles(3)]), 'does not belong in this shard'],
    ['a sample missing', () => writeTar(sampleFiles(2)), "holds 1 samples, not the task's 2"],
  ])('refuses a shard with %s, naming the task and its file', async (_, bytes, reason) => {
    const { gateway } = fakeGateway((task) => (task === 1 ? bytes() : undefined))
    const download = downloadDataset(gateway, parts, SAMPLES_PER_TASK, { backoff: noWait })
    await expect(download).rejects.toThrow(TarError)
    await expect(download).rejects.toThrow(`task 1's shard (bafy-a/${shardFileName(1)}) is not a shard of it`)
    await expect(download).rejects.toThrow(reason)
  })
})
