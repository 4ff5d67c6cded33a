import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { describe, expect, it } from 'vitest'
import { loadExecutorConfig } from './config'

const key = anvilAccounts[2].privateKey
const dir = () => mkdtempSync(join(tmpdir(), 'executor-config-'))

describe('loadExecutorConfig', () => {
  it('reads the config file under the environment, and the key from an owner-only file', () => {
    const d = dir()
    const keyFile = join(d, 'key')
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 })
    writeFileSync(
      join(d, 'config.json'),
      JSON.stringify({
        EXECUTOR_RPC_URL: 'http://127.0.0.1:1234',
        EXECUTOR_KEY_FILE: keyFile,
        EXECUTOR_CAPACITY: 2,
        EXECUTOR_ASK_PRICE: 120,
      }),
    )
    const config = loadExecutorConfig({ EXECUTOR_DATA_DIR: d, EXECUTOR_CAPACITY: '3' })
    expect(config.rpcUrl).toBe('http://127.0.0.1:1234')
    expect(config.capacity).toBe(3) // the environment wins
    expect(config.ask).toEqual({ strategy: 'fixed', priceTick: 120, minTick: 10, maxTick: 10_000 })
    expect(config.account.address).toBe(anvilAccounts[2].address)
    expect(config.dataDir).toBe(d)
    expect(config.confirmations).toBe(2)
    expect(config.metricsPort).toBeUndefined()
    expect(JSON.stringify(config)).not.toContain(key.slice(2)) // the key stays inside the account
  })

  it('names every bad variable with its fix, never echoing the key', () => {
    const d = dir()
    let message = ''
    try {
      loadExecutorConfig({
        EXECUTOR_DATA_DIR: d,
        EXECUTOR_RPC_URL: 'ftp://x',
        EXECUTOR_PRIVATE_KEY: '0x1234',
        EXECUTOR_CAPACITY: 'lots',
        EXECUTOR_ASK_STRATEGY: 'greedy',
      })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('Invalid executor configuration')
    expect(message).toContain('EXECUTOR_RPC_URL="ftp://x" uses ftp:, expected a http or https or ws or wss URL')
    expect(message).toContain('EXECUTOR_PRIVATE_KEY (value hidden) is not a 32-byte hex private key')
    expect(message).toContain('EXECUTOR_CAPACITY="lots" is not a whole number from 1 to 1000')
    expect(message).toContain('EXECUTOR_ASK_STRATEGY="greedy" is not one of fixed, adaptive')
  })

  it('asks for a key, refuses a key file others can read, and keeps the price inside its bounds', () => {
    const d = dir()
    expect(() => loadExecutorConfig({ EXECUTOR_DATA_DIR: d, EXECUTOR_RPC_URL: 'http://127.0.0.1:1' })).toThrow(
      'No executor key: set EXECUTOR_KEY_FILE',
    )
    const keyFile = join(d, 'key')
    writeFileSync(keyFile, key)
    chmodSync(keyFile, 0o644)
    expect(() =>
      loadExecutorConfig({ EXECUTOR_DATA_DIR: d, EXECUTOR_RPC_URL: 'http://127.0.0.1:1', EXECUTOR_KEY_FILE: keyFile }),
    ).toThrow(`run \`chmod 600 ${keyFile}\``)
    expect(() =>
      loadExecutorConfig({
        EXECUTOR_DATA_DIR: d,
        EXECUTOR_RPC_URL: 'http://127.0.0.1:1',
        EXECUTOR_PRIVATE_KEY: key,
        EXECUTOR_ASK_PRICE: '5',
      }),
    ).toThrow('EXECUTOR_ASK_PRICE=5 is outside [EXECUTOR_ASK_MIN, EXECUTOR_ASK_MAX] = [10, 10000]')
  })

  it('rejects a config file holding the raw key or unknown settings', () => {
    const d = dir()
    writeFileSync(join(d, 'config.json'), JSON.stringify({ EXECUTOR_PRIVATE_KEY: key }))
    expect(() => loadExecutorConfig({ EXECUTOR_DATA_DIR: d })).toThrow('holds EXECUTOR_PRIVATE_KEY; move the key to a 0600 file')
    writeFileSync(join(d, 'config.json'), JSON.stringify({ EXECUTOR_CAPACITI: 3 }))
    expect(() => loadExecutorConfig({ EXECUTOR_DATA_DIR: d })).toThrow('unknown setting "EXECUTOR_CAPACITI"')
    writeFileSync(join(d, 'config.json'), '{')
    expect(() => loadExecutorConfig({ EXECUTOR_DATA_DIR: d })).toThrow('is not valid JSON')
  })

  it('bounds the fetch timeout below what timers can hold', () => {
    const base = { EXECUTOR_DATA_DIR: dir(), EXECUTOR_RPC_URL: 'http://127.0.0.1:1', EXECUTOR_PRIVATE_KEY: key }
    expect(loadExecutorConfig({ ...base, EXECUTOR_FETCH_TIMEOUT: '10m' }).fetchTimeoutMs).toBe(600_000)
    // 600h overflows setTimeout (it fires at once); 5e9 ms makes AbortSignal.timeout throw.
    for (const raw of ['600h', '5000000000'])
      expect(() => loadExecutorConfig({ ...base, EXECUTOR_FETCH_TIMEOUT: raw })).toThrow(
        `EXECUTOR_FETCH_TIMEOUT="${raw}" is out of range: expected from 1s to 10m`,
      )
  })

  it('names a config file EXECUTOR_CONFIG names that does not exist, and suggests init', () => {
    const missing = join(dir(), 'nonexistent.json')
    let message = ''
    try {
      loadExecutorConfig({ EXECUTOR_CONFIG: missing })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(
      `The config file ${missing} (EXECUTOR_CONFIG) does not exist; run \`neuro-executor init\` to write it there, or point EXECUTOR_CONFIG at your config file.`,
    )
    // Not the settings the missing file would have held.
    expect(message).not.toContain('EXECUTOR_RPC_URL')
  })

  it('takes a complete environment without the file EXECUTOR_CONFIG names (how `npm start` runs its executors)', () => {
    const d = dir()
    const config = loadExecutorConfig({
      EXECUTOR_CONFIG: join(d, 'config.json'),
      EXECUTOR_DATA_DIR: d,
      EXECUTOR_RPC_URL: 'http://127.0.0.1:1',
      EXECUTOR_PRIVATE_KEY: key,
    })
    expect(config.rpcUrl).toBe('http://127.0.0.1:1')
  })

  it('says when no config file is at the default path and the environment is incomplete', () => {
    const d = dir()
    expect(() => loadExecutorConfig({ EXECUTOR_DATA_DIR: d })).toThrow(
      `No config file at ${join(d, 'config.json')}, so every setting must come from the environment: run \`neuro-executor init\``,
    )
  })

  it('says a config path that is a directory is one, not that it is invalid JSON', () => {
    const d = dir()
    let message = ''
    try {
      loadExecutorConfig({ EXECUTOR_CONFIG: d, EXECUTOR_RPC_URL: 'http://127.0.0.1:1', EXECUTOR_PRIVATE_KEY: key })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(
      `The config file ${d} is a directory; point EXECUTOR_CONFIG at the file itself (\`neuro-executor init\` writes <data dir>/config.json, here ${join(d, 'config.json')}).`,
    )
  })
})
