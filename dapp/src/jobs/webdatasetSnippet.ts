import { isCid } from './gatewayClient'
import { shardFileName } from './shardFileName'

/** What the snippet needs: where each accepted assignment's shards are and which tasks they hold. */
export type DatasetPart = { resultCid: string; firstTask: number; taskCount: number }

/**
 * A ready-to-paste PyTorch snippet that streams the job's dataset with the `webdataset` package
 * from the local IPFS gateway: one URL per shard (task t's shard is `shard-<t>.tar` in its
 * assignment's result directory), decoded to image tensors and the label JSON, batched by a
 * DataLoader (PyTorch's default collation cannot batch PIL images or labels of varying shape, so
 * the snippet brings its own). Task order, so sample indices come out in order.
 */
export function webdatasetSnippet(gatewayUrl: string, parts: DatasetPart[], imageKey = 'png'): string {
  const sorted = [...parts].sort((a, b) => a.firstTask - b.firstTask)
  // A result CID is whatever its executor submitted (any text up to 128 bytes): one that is no CID
  // would otherwise be pasted into the Python source (`", __import__("os").system(...), "`).
  const unusable = sorted.filter((part) => !isCid(part.resultCid))
  const urls = sorted
    .filter((part) => isCid(part.resultCid))
    .flatMap((part) =>
      Array.from(
        { length: part.taskCount },
        (_, i) => `${gatewayUrl}/ipfs/${part.resultCid}/${shardFileName(part.firstTask + i)}`,
      ),
    )
  return [
    '# pip install torch webdataset pillow',
    ...unusable.map(
      (part) => `# Tasks ${part.firstTask}-${part.firstTask + part.taskCount - 1} are left out: their result CID is not a CID.`,
    ),
    'import torch',
    'import webdataset as wds',
    '',
    'urls = [',
    ...urls.map((url) => `    "${url}",`),
    ']',
    'dataset = (',
    '    wds.WebDataset(urls, shardshuffle=False)',
    '    .decode("torchrgb")  # images as float tensors, 3 x H x W in [0, 1]',
    `    .to_tuple("${imageKey}", "json")`,
    ')',
    '',
    '',
    'def collate(batch):',
    "    # Images stack into one tensor; labels stay a list of the generator's JSON objects.",
    '    images, labels = zip(*batch)',
    '    return torch.stack(images), list(labels)',
    '',
    '',
    'loader = torch.utils.data.DataLoader(dataset, batch_size=64, num_workers=2, collate_fn=collate)',
    'images, labels = next(iter(loader))',
    'print(images.shape, labels[0])',
    '',
  ].join('\n')
}
