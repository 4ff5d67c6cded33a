import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { webdatasetSnippet } from '../../src/jobs/webdatasetSnippet'

describe('webdatasetSnippet', () => {
  const cidA = 'bafybeihhri3ly32bcn3rdi3xqllcnsesn5djdeha26gt7xlhzpice7juta'
  const cidB = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
  const snippet = webdatasetSnippet('http://127.0.0.1:8080', [
    { resultCid: cidB, firstTask: 2, taskCount: 1 },
    { resultCid: cidA, firstTask: 0, taskCount: 2 },
  ])

  it('lists every shard URL in task order, named as the executors name them', () => {
    const urls = snippet.match(/"http[^"]+"/g)
    expect(urls).toEqual([
      `"http://127.0.0.1:8080/ipfs/${cidA}/shard-000000.tar"`,
      `"http://127.0.0.1:8080/ipfs/${cidA}/shard-000001.tar"`,
      `"http://127.0.0.1:8080/ipfs/${cidB}/shard-000002.tar"`,
    ])
    expect(snippet).toContain('wds.WebDataset(urls, shardshuffle=False)')
  })

  it('batches through a DataLoader that can collate what the dataset yields', () => {
    // PyTorch's default collation raises on PIL images, and on the labels' JSON objects when their
    // fields differ in shape (a shelf's boxes): tensors are decoded and stacked, labels kept as a list.
    expect(snippet).toContain('.decode("torchrgb")')
    expect(snippet).toContain('DataLoader(dataset, batch_size=64, num_workers=2, collate_fn=collate)')
    expect(snippet).toContain('images, labels = next(iter(loader))')
  })

  // An executor submits its result CID as any text: pasted as is, it would run code on the
  // requester's machine.
  it('leaves out a result whose CID is no CID instead of pasting it into the code', () => {
    const hostile = 'x", __import__("os").system("touch /tmp/pwned"), "'
    const text = webdatasetSnippet('http://127.0.0.1:8080', [
      { resultCid: hostile, firstTask: 0, taskCount: 1 },
      { resultCid: cidA, firstTask: 1, taskCount: 1 },
    ])
    expect(text).not.toContain('__import__')
    expect(text).toContain('# Tasks 0-0 are left out: their result CID is not a CID.')
    expect(text.match(/"http[^"]+"/g)).toEqual([`"http://127.0.0.1:8080/ipfs/${cidA}/shard-000001.tar"`])
  })

  it('is valid Python', () => {
    // Compiled, not run (running needs torch and the gateway); python3 is on every machine here.
    expect(() =>
      execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "snippet", "exec")'], { input: snippet }),
    ).not.toThrow()
  })
})
