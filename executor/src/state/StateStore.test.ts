import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StateStore } from './StateStore'

const here = { chainId: 31337, market: '0x00000000000000000000000000000000000000Aa' }
const record = { assignmentId: '4', jobId: '2', firstTask: 0, taskCount: 1 }

describe('StateStore.claim', () => {
  it('adopts a data dir of before the deployment record, and keeps it for the same deployment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'))
    const store = new StateStore(dir)
    store.put(record)
    expect(store.claim(here)).toBeUndefined()
    expect(new StateStore(dir).claim({ ...here, market: here.market.toLowerCase() })).toBeUndefined()
    expect(store.list()).toEqual([record])
  })

  it("sets another deployment's state aside (kept under stale/) and starts clean", () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'))
    const store = new StateStore(dir)
    store.claim(here)
    store.put(record)
    store.setChallenges([9n])
    const other = { chainId: 31337, market: '0x00000000000000000000000000000000000000bB' }
    expect(store.claim(other)).toEqual({ chainId: 31337, market: here.market.toLowerCase() })
    expect(store.list()).toEqual([])
    expect(store.challenges()).toEqual([])
    const [aside] = readdirSync(join(dir, 'stale'))
    expect(JSON.parse(readFileSync(join(dir, 'stale', aside, 'challenges.json'), 'utf8'))).toEqual(['9'])
    expect(existsSync(join(dir, 'stale', aside, 'assignments', '4.json'))).toBe(true)
    // And the new deployment's state is kept from now on.
    store.put(record)
    expect(new StateStore(dir).claim(other)).toBeUndefined()
    expect(store.list()).toEqual([record])
  })
})
