import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { webdatasetSnippet } from '../../src/jobs/webdatasetSnippet'

describe('webdatasetSnippet', () => {
  const snippet = webdatasetSnippet('http://127.0.0.1:8080', [
    { resultCid: 'bafyB', firstTask: 2, taskCount: 1 },
    { resultCid: 'bafyA', firstTask: 0, taskCount: 2 },
  ])

  it('lists every shard URL in task order, named as the executors name them', () => {
    const urls = snippet.match(/"http[^"]+"/g)
    expect(urls).toEqual([
      '"http://127.0.0.1:8080/ipfs/bafyA/shard-000000.tar"',
      '"http://127.0.0.1:8080/ipfs/bafyA/shard-000001.tar"',
      '"http://127.0.0.1:8080/ipfs/bafyB/shard-000002.tar"',
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

  it('is valid Python', () => {
    // Compiled, not run (running needs torch and the gateway); python3 is on every machine here.
    expect(() =>
      execFileSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "snippet", "exec")'], { input: snippet }),
    ).not.toThrow()
  })
})
