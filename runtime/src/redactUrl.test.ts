import { describe, expect, it } from 'vitest'
import { redactText } from './redactText'
import { redactUrl } from './redactUrl'

describe('redactUrl', () => {
  it('keeps only the origin of a remote URL with a path, query or credentials', () => {
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/abcDEF123key')).toBe('https://eth-mainnet.g.alchemy.com/…')
    expect(redactUrl('https://rpc.example.org/?apikey=s3cret')).toBe('https://rpc.example.org/…')
    expect(redactUrl('wss://mainnet.infura.io/ws/v3/0123456789abcdef')).toBe('wss://mainnet.infura.io/…')
    expect(redactUrl('postgresql://app:hunter2@db.internal:5432/neuro')).toBe('postgresql://***@db.internal:5432/…')
    expect(redactUrl('https://user:pw@rpc.example.org')).toBe('https://***@rpc.example.org')
    expect(redactUrl('https://rpc.example.org')).toBe('https://rpc.example.org')
  })

  it('leaves loopback paths readable but still hides credentials', () => {
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545')
    expect(redactUrl('http://127.0.0.1:42069/graphql')).toBe('http://127.0.0.1:42069/graphql')
    expect(redactUrl('postgresql://postgres:pw@localhost:5432/neuro')).toBe('postgresql://***@localhost:5432/neuro')
  })

  it('cuts text that is not a URL short, since it may be a mistyped one', () => {
    expect(redactUrl('eth-mainnet.g.alchemy.com/v2/KEY')).toBe('eth-mainnet.g.al…')
    expect(redactUrl('abc')).toBe('abc')
  })
})

describe('redactText', () => {
  it('redacts every URL inside free text, keeping sentence punctuation', () => {
    const text =
      'HTTP request failed.\nURL: https://eth-mainnet.g.alchemy.com/v2/KEY123\nRequest body: {"method":"eth_getBlockByNumber"} (see https://a.io/x?k=1).'
    const redacted = redactText(text)
    expect(redacted).not.toContain('KEY123')
    expect(redacted).not.toContain('k=1')
    expect(redacted).toContain('URL: https://eth-mainnet.g.alchemy.com/…\n')
    expect(redacted).toContain('(see https://a.io/…).')
  })

  it('returns text without URLs unchanged', () => {
    expect(redactText('voucher issued for 0xabc')).toBe('voucher issued for 0xabc')
  })
})
