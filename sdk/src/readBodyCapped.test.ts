import { describe, expect, it } from 'vitest'
import { readBodyCapped } from './readBodyCapped'

/** A response streaming `chunks` chunks of 1 KiB, counting how many were pulled. */
function streamed(chunks: number) {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close()
      pulled++
      controller.enqueue(new Uint8Array(1024).fill(pulled))
    },
  })
  return { response: new Response(body), pulled: () => pulled }
}

describe('readBodyCapped', () => {
  it('reads a body up to the limit', async () => {
    const { response } = streamed(4)
    const bytes = await readBodyCapped(response, 4096, () => new Error('too large'))
    expect(bytes.length).toBe(4096)
    expect(bytes[0]).toBe(1)
    expect(bytes[4095]).toBe(4)
  })

  it('stops reading as soon as the body passes the limit (an endless body is not buffered)', async () => {
    const { response, pulled } = streamed(1_000_000)
    await expect(readBodyCapped(response, 4096, (declared) => new Error(`over, declared ${declared}`))).rejects.toThrow(
      'over, declared undefined',
    )
    expect(pulled()).toBeLessThan(10)
  })

  it('refuses a declared length over the limit without reading', async () => {
    const response = new Response('x'.repeat(10), { headers: { 'content-length': '5000' } })
    await expect(readBodyCapped(response, 4096, (declared) => new Error(`declared ${declared}`))).rejects.toThrow('declared 5000')
  })
})
