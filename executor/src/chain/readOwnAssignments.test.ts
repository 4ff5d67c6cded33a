import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { StateStore } from '../state/StateStore'
import type { readContractOf } from './readContractOf'
import { readOwnAssignments } from './readOwnAssignments'

const me = '0x00000000000000000000000000000000000000A1'
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A market whose getAssignment answers from `chain` (an unknown id: undefined, as the view reverts). */
const market = (chain: Record<string, object>) =>
  (async (_contract: string, functionName: string, args: unknown[]) => {
    if (functionName !== 'getAssignment') throw new Error(`unexpected read ${functionName}`)
    const a = chain[String(args[0])]
    if (a === undefined) throw new Error('no such assignment (the test fakes no revert decoding)')
    return a
  }) as ReturnType<typeof readContractOf>

const base = { executor: me.toLowerCase(), firstTask: 0, taskCount: 2, deadline: 100n, challengeEnd: 700n }

describe('readOwnAssignments', () => {
  it("lists the data dir's assignments the chain says are this node's and open, with when a submitted one is final", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'own-'))
    dirs.push(dir)
    const store = new StateStore(dir)
    for (const [id, jobId] of [
      ['1', '7'],
      ['2', '7'],
      ['3', '7'],
      ['4', '9'],
      ['10', '7'],
    ])
      store.put({ assignmentId: id, jobId, firstTask: 0, taskCount: 2 })
    const own = await readOwnAssignments(
      market({
        1: { ...base, jobId: 7n, status: 3 }, // Submitted
        2: { ...base, jobId: 7n, status: 7 }, // Settled: ended
        3: { ...base, jobId: 7n, status: 3, executor: '0x00000000000000000000000000000000000000b2' }, // another's
        4: { ...base, jobId: 8n, status: 3 }, // another job's (a record of another deployment)
        10: { ...base, jobId: 7n, status: 6 }, // Accepted
      }),
      me,
      dir,
    )
    expect(own).toEqual([
      { assignmentId: '1', jobId: '7', tasks: 2, status: 'Submitted', deadline: 100n, finalAt: 700n },
      { assignmentId: '10', jobId: '7', tasks: 2, status: 'Accepted', deadline: 100n, finalAt: null },
    ])
  })

  it('reads nothing, and creates nothing, in a data dir without records', async () => {
    const dir = join(tmpdir(), `own-none-${process.pid}`)
    expect(await readOwnAssignments(market({}), me, dir)).toEqual([])
    expect(existsSync(dir)).toBe(false)
  })
})
