import { existsSync } from 'node:fs'
import { bundleCid, packGenerator } from '@neuromation/engine'
import { createLogger, freePort } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { portInUse } from '../portInUse'
import { repoRoot } from '../repoRoot'
import { runPlan } from '../runPlan'
import { ipfsService } from './ipfsService'

describe('ipfsService', () => {
  it('starts the embedded node, publishes the example generators under the engine CIDs, and cleans up', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort()
    const platform = await runPlan([ipfsService({ env: {} })], {
      ports: { ipfs: port },
      logDir: `${repoRoot}/.data/logs/test`,
      logger: createLogger({ level: 'silent' }),
    })
    let stopped = false
    try {
      const { env } = platform
      expect(env.IPFS_GATEWAY_URL).toBe(`http://127.0.0.1:${port}`)
      expect(env.IPFS_PEERS).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo\w+$/)
      const digits = await packGenerator(`${repoRoot}/generators/digits`)
      expect(env.GENERATOR_DIGITS_CID).toBe(digits.cid)
      expect(env.GENERATOR_DIGITS_CID).toBe(await bundleCid(digits.files))
      expect(JSON.parse(env.GENERATOR_BUNDLES)).toEqual({ digits: digits.cid, shelf: env.GENERATOR_SHELF_CID })
      expect(platform.services.ipfs.detail).toContain(`digits ${digits.cid}`)

      const module = await fetch(`${env.IPFS_GATEWAY_URL}/ipfs/${env.GENERATOR_SHELF_CID}/generator.js`)
      expect(module.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(await module.text()).toContain('export')

      await platform.stop()
      stopped = true
      expect(await portInUse(port)).toBe(false)
    } finally {
      if (!stopped) await platform.stop()
    }
  })

  it('uses a Kubo node when IPFS_RPC_URL is set: no local port, and bad settings fail before any start', () => {
    expect(ipfsService({ env: { IPFS_RPC_URL: 'http://127.0.0.1:5001' } }).port).toBeUndefined()
    expect(ipfsService({ env: {} }).port).toEqual({ default: 8080, env: 'IPFS_GATEWAY_PORT' })
    expect(() => ipfsService({ env: { IPFS_RPC_URL: 'ftp://node' } })).toThrow(/IPFS_RPC_URL.*uses ftp:/)
  })

  it('leaves no temporary directory behind when publishing fails', { timeout: 60_000 }, async () => {
    const error = await runPlan([ipfsService({ env: {}, bundles: ['generators/no-such-generator'] })], {
      logDir: `${repoRoot}/.data/logs/test`,
      logger: createLogger({ level: 'silent' }),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toContain('Could not pack the generator in generators/no-such-generator')
    expect(existsSync(`${repoRoot}/generators/no-such-generator`)).toBe(false)
  })
})
