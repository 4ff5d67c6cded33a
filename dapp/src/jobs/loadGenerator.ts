import { checkGenerator, type LoadedGenerator } from './checkGenerator'
import type { GatewayClient } from './gatewayClient'

/** Reads the bundle directory `cid` through the gateway and checks it (checkGenerator). */
export async function loadGenerator(gateway: GatewayClient, cid: string): Promise<LoadedGenerator> {
  const manifestBytes = await gateway.getBytes(cid, 'generator.json', { maxBytes: 1024 * 1024 })
  let moduleName = 'generator.js'
  try {
    const raw = JSON.parse(new TextDecoder().decode(manifestBytes)) as { module?: unknown }
    if (typeof raw.module === 'string' && /^[A-Za-z0-9._-]+\.m?js$/.test(raw.module)) moduleName = raw.module
  } catch {
    // checkGenerator reports the JSON error.
  }
  const moduleBytes = await gateway.getBytes(cid, moduleName, { maxBytes: 32 * 1024 * 1024 }).catch(() => undefined)
  const files: Record<string, Uint8Array> = { 'generator.json': manifestBytes }
  if (moduleBytes) files[moduleName] = moduleBytes
  return checkGenerator(files, `the bundle ${cid}`, cid)
}
