import { describe, expect, it } from 'vitest'
import { GatewayError, retryGatewayRead } from '../src/jobs/gatewayClient'

describe('retryGatewayRead (queries of content-addressed data)', () => {
  it('retries a transient gateway failure four times, then shows it', () => {
    const cut = new GatewayError('Reading shard-000000.tar of bafy...: the IPFS gateway at http://gw is unreachable.', true)
    expect([0, 1, 2, 3, 4].map((failures) => retryGatewayRead(failures, cut))).toEqual([true, true, true, true, false])
  })

  it('shows at once what a retry cannot heal: a 404, a file too large, anything but the gateway', () => {
    expect(
      retryGatewayRead(0, new GatewayError('the gateway answered 404 (not found: check the CID and the file name)', false)),
    ).toBe(false)
    expect(retryGatewayRead(0, new Error('spec.json is not JSON text.'))).toBe(false)
  })
})
