import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandHint, plainCommandHint } from './commandHint'

describe('commandHint', () => {
  it('adds --config only when the config is not where commands look by themselves', () => {
    const env = { EXECUTOR_CONFIG: '/srv/node1/config.json' }
    expect(commandHint('/srv/node1/config.json', env)('stake', '<NTK>')).toBe('neuro-executor stake <NTK>')
    expect(commandHint('/srv/node4/config.json', env)('stake', '<NTK>')).toBe(
      'neuro-executor stake --config /srv/node4/config.json <NTK>',
    )
    expect(commandHint('/srv/my node/config.json', {})('register')).toBe(
      "neuro-executor register --config '/srv/my node/config.json'",
    )
    const dataDir = { EXECUTOR_DATA_DIR: '/srv/node2' }
    expect(commandHint(join('/srv/node2', 'config.json'), dataDir)('withdraw')).toBe('neuro-executor withdraw')
    expect(plainCommandHint('ask', '--cancel')).toBe('neuro-executor ask --cancel')
  })
})
