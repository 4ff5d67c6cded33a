import { describe, expect, it } from 'vitest'
import {
  EXECUTOR_METADATA_FORMAT,
  ExecutorMetadataError,
  encodeExecutorMetadata,
  MAX_EXECUTOR_METADATA_BYTES,
  parseExecutorMetadata,
} from './executorMetadata'

const metadata = {
  format: EXECUTOR_METADATA_FORMAT as typeof EXECUTOR_METADATA_FORMAT,
  name: 'node-7',
  version: '0.1.0',
  statusUrl: 'http://127.0.0.1:9464/status',
  hardware: { cpus: 8, memoryMiB: 16_384, accelerator: 'cpu' as const, backend: 'wasm', unitsPerSecond: 450 },
}

const problems = (input: unknown) => {
  try {
    parseExecutorMetadata(input, 'at bafkreitest')
  } catch (error) {
    expect(error).toBeInstanceOf(ExecutorMetadataError)
    expect((error as Error).message).toMatch(/^Invalid executor metadata at bafkreitest: /)
    return (error as ExecutorMetadataError).problems
  }
  throw new Error('expected the metadata to be refused')
}

describe('executorMetadata', () => {
  it('round-trips through its canonical bytes', () => {
    const bytes = encodeExecutorMetadata(metadata)
    expect(parseExecutorMetadata(bytes)).toEqual(metadata)
    expect(new TextDecoder().decode(bytes)).toMatch(/^\{"format":"neuromation-executor\/1","name":"node-7",/)
  })

  it('refuses bytes that are not a JSON object, with the reason', () => {
    expect(problems(new TextEncoder().encode('neuro-executor:0xabc'))).toEqual([
      expect.stringMatching(/^the document is not JSON/),
    ])
    expect(problems(new Uint8Array([0xff, 0xfe]))).toEqual(['the document is not UTF-8 text'])
    expect(problems('[1, 2]')).toEqual(['the document must be a JSON object'])
  })

  it('refuses a huge document before parsing it', () => {
    const huge = JSON.stringify({ ...metadata, name: 'x'.repeat(MAX_EXECUTOR_METADATA_BYTES) })
    expect(problems(huge)).toEqual([`the document is ${huge.length} bytes, over the 16384-byte limit`])
  })

  it('refuses status URLs a browser should not be sent to', () => {
    for (const statusUrl of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://host/status',
      'not a url',
      'http://user:pw@host/status',
    ]) {
      expect(problems({ ...metadata, statusUrl })).toEqual([
        expect.stringMatching(/^statusUrl must be an http:\/\/ or https:\/\//),
      ])
    }
    // Only the node's /status endpoint: visitors' browsers must not be sent to any other path.
    for (const statusUrl of [
      'http://192.168.1.1/cgi-bin/reboot',
      'https://node.example/status?action=delete',
      'https://node.example/status#x',
      'https://node.example/statuses',
      'https://node.example/',
    ]) {
      expect(problems({ ...metadata, statusUrl })).toEqual([
        expect.stringMatching(/^statusUrl must name the node’s \/status endpoint/),
      ])
    }
    expect(parseExecutorMetadata({ ...metadata, statusUrl: 'https://proxy.example/nodes/7/status' }).statusUrl).toBe(
      'https://proxy.example/nodes/7/status',
    )
    expect(problems({ ...metadata, statusUrl: `http://h/${'a'.repeat(600)}/status` })).toEqual([
      'statusUrl must be at most 512 characters',
    ])
    expect(parseExecutorMetadata({ ...metadata, statusUrl: 'https://node.example/status' }).statusUrl).toBe(
      'https://node.example/status',
    )
  })

  it('names every problem of a hostile document', () => {
    expect(
      problems({
        ...metadata,
        format: 'neuromation-executor/2',
        name: '',
        version: '1.0; rm -rf',
        hardware: { ...metadata.hardware, cpus: -1, accelerator: 'quantum' },
        script: '<script>',
      }),
    ).toEqual([
      'format must be "neuromation-executor/1"',
      'name must not be empty',
      'version must be a version like 0.1.0',
      'hardware.cpus must be >= 0',
      'hardware.accelerator must be "cpu", "gpu" or "other" (as the registry\'s capabilities say)',
      'unknown field(s) script: remove them',
    ])
  })
})
