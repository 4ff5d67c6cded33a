import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@neuromation/runtime'
import { describe, expect, it } from 'vitest'
import { createContentStore } from '../src/createContentStore'
import { loadContentConfig } from '../src/loadContentConfig'

const logger = createLogger({ level: 'silent' })

describe('createContentStore', () => {
  it('starts the embedded node with its gateway when no IPFS_RPC_URL is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuro-content-'))
    const store = await createContentStore(loadContentConfig({ IPFS_DIR: dir, IPFS_GATEWAY_PORT: '0' }), { logger })
    try {
      expect(store.kind).toBe('helia')
      const cid = await store.addBytes(new TextEncoder().encode('hello world\n'))
      expect(await fetch(store.gatewayUrl(cid)).then((r) => r.text())).toBe('hello world\n')
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('talks to Kubo when IPFS_RPC_URL is set, with its gateway from IPFS_GATEWAY_URL', async () => {
    const store = await createContentStore(
      loadContentConfig({ IPFS_RPC_URL: 'http://127.0.0.1:5001', IPFS_GATEWAY_URL: 'https://gw.example.org' }),
      { logger },
    )
    expect(store.kind).toBe('kubo')
    expect(store.gatewayUrl('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')).toBe(
      'https://gw.example.org/ipfs/bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4',
    )
    await store.close()
  })
})
