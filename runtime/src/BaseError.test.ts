import { describe, expect, it } from 'vitest'
import { BaseError } from './BaseError'
import { ConfigError } from './ConfigError'

class RpcTimeoutError extends BaseError {
  override name = 'RpcTimeoutError'
  constructor(cause?: unknown) {
    super('The RPC node did not answer in time.', { cause, retryable: true, code: 'RPC_TIMEOUT' })
  }
}

describe('BaseError', () => {
  it('keeps the short message apart from details and hints', () => {
    const error = new BaseError('Cannot reach the chain.', {
      details: 'ECONNREFUSED 127.0.0.1:8545',
      metaMessages: ['Is anvil running?'],
    })
    expect(error.shortMessage).toBe('Cannot reach the chain.')
    expect(error.details).toBe('ECONNREFUSED 127.0.0.1:8545')
    expect(error.message).toBe('Cannot reach the chain.\n\nIs anvil running?\n\nDetails: ECONNREFUSED 127.0.0.1:8545')
    expect(error.retryable).toBe(false)
    expect(error.code).toBeUndefined()
    expect(error).toBeInstanceOf(Error)
  })

  it('takes details, retryable and code from its cause', () => {
    const socket = new Error('connect ECONNREFUSED 127.0.0.1:8545\n    at stack')
    const timeout = new RpcTimeoutError(socket)
    expect(timeout.details).toBe('connect ECONNREFUSED 127.0.0.1:8545')
    const wrapped = new BaseError('Voucher request failed.', { cause: timeout })
    expect(wrapped.retryable).toBe(true)
    expect(wrapped.code).toBe('RPC_TIMEOUT')
    expect(wrapped.cause).toBe(timeout)
    // An explicit flag wins over the cause's.
    expect(new BaseError('Gave up.', { cause: timeout, retryable: false }).retryable).toBe(false)
  })

  it('walks the cause chain to the root or to the first match', () => {
    const root = new Error('socket hang up')
    const timeout = new RpcTimeoutError(root)
    const outer = new BaseError('Voucher request failed.', { cause: timeout })
    expect(outer.walk()).toBe(root)
    expect(outer.walk((error) => error instanceof RpcTimeoutError)).toBe(timeout)
    expect(outer.walk((error) => error instanceof ConfigError)).toBeNull()
  })

  it('stops walking a cause chain that loops', () => {
    const a = new BaseError('a')
    const b = new BaseError('b', { cause: a })
    Object.defineProperty(a, 'cause', { value: b })
    expect(b.walk()).toBe(a)
    expect(b.walk(() => false)).toBeNull()
  })
})

describe('ConfigError', () => {
  it('reads as one sentence for one issue and as a list for several', () => {
    const one = new ConfigError(
      'SIGNER_PORT="abc" is not a port number (1-65535); set SIGNER_PORT=8787 or unset it for the default.',
    )
    expect(one.message).toBe(
      'SIGNER_PORT="abc" is not a port number (1-65535); set SIGNER_PORT=8787 or unset it for the default.',
    )
    const many = new ConfigError(['A is wrong.', 'B is wrong.'], { title: 'Invalid signer configuration' })
    expect(many.message).toBe('Invalid signer configuration:\n- A is wrong.\n- B is wrong.')
    expect(many.issues).toEqual(['A is wrong.', 'B is wrong.'])
    expect(many.code).toBe('CONFIG_INVALID')
    expect(many.retryable).toBe(false)
    expect(many).toBeInstanceOf(BaseError)
  })
})
