import { describe, expect, it } from 'vitest'
import { ConfigError, configDefaults, parseConfig } from '../src/config'

describe('parseConfig', () => {
  it('defaults every variable to the local platform of `npm start`', () => {
    expect(parseConfig({})).toEqual({
      chainId: 31337,
      rpcUrl: configDefaults.VITE_RPC_URL,
      indexerUrl: configDefaults.VITE_INDEXER_URL,
      signerUrl: configDefaults.VITE_SIGNER_URL,
      gatewayUrl: configDefaults.VITE_GATEWAY_URL,
      generators: [],
    })
  })

  it('takes set values, treats blanks as unset and strips trailing slashes', () => {
    const config = parseConfig({
      VITE_CHAIN_ID: ' 31338 ',
      VITE_RPC_URL: '',
      VITE_INDEXER_URL: 'https://idx.example/',
      VITE_SIGNER_URL: 'http://127.0.0.1:8791//',
    })
    expect(config).toEqual({
      chainId: 31338,
      rpcUrl: configDefaults.VITE_RPC_URL,
      indexerUrl: 'https://idx.example',
      signerUrl: 'http://127.0.0.1:8791',
      gatewayUrl: configDefaults.VITE_GATEWAY_URL,
      generators: [],
    })
  })

  it('reads the published generators as name=CID pairs and refuses anything else', () => {
    const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
    expect(parseConfig({ VITE_GENERATORS: ` digits=${cid}, shelf = ${cid} ` }).generators).toEqual([
      { name: 'digits', cid },
      { name: 'shelf', cid },
    ])
    expect(() => parseConfig({ VITE_GENERATORS: 'digits=nope' })).toThrow(
      /VITE_GENERATORS must be comma-separated name=CID pairs .*got "digits=nope"/,
    )
  })

  it('reports every invalid variable at once, naming it and the value', () => {
    let error: unknown
    try {
      parseConfig({ VITE_CHAIN_ID: '0x7a69', VITE_RPC_URL: 'ws://127.0.0.1:8545', VITE_SIGNER_URL: 'signer' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const { problems } = error as ConfigError
    expect(problems).toHaveLength(3)
    expect(problems[0]).toContain('VITE_CHAIN_ID must be a positive integer chain id (e.g. 31337), got "0x7a69"')
    expect(problems[1]).toContain('VITE_RPC_URL must be an http(s) URL')
    expect(problems[2]).toContain('got "signer"')
  })

  it('refuses chain id 0', () => {
    expect(() => parseConfig({ VITE_CHAIN_ID: '0' })).toThrow(/VITE_CHAIN_ID/)
  })
})
