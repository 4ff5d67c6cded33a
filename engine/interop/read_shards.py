#!/usr/bin/env python3
"""Read neuro-gen WebDataset shards into PyTorch tensors (or plain Python without torch).

Usage: python3 read_shards.py SHARD_DIR [--json]

Follows the WebDataset convention: each tar holds <key>.<ext> files; files sharing a key form
one sample: {"__key__": key, "png": image, "json": label, "mask.png": ..., "depth.png": ...}.
PNGs are decoded with zlib only (8- and 16-bit; gray, gray+alpha, RGB, RGBA; all five filter
types), so nothing beyond the standard library and torch is needed. The manifest's sha256 of
every shard is checked first.

As a library:
    from read_shards import ShardDataset
    loader = torch.utils.data.DataLoader(ShardDataset("out/"), batch_size=32)
"""
import hashlib
import io
import json
import struct
import sys
import tarfile
import zlib

import os

try:
    if os.environ.get("READ_SHARDS_NO_TORCH"):  # lets tests exercise the stdlib path too
        raise ImportError("disabled by READ_SHARDS_NO_TORCH")
    import torch
    NO_TORCH_REASON = None
except ImportError as error:  # the stdlib path still decodes everything, as bytes / tuples
    torch = None
    NO_TORCH_REASON = str(error)

CHANNELS = {0: 1, 4: 2, 2: 3, 6: 4}


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data):
    """Returns (height, width, channels, bit_depth, raw bytes of the unfiltered samples)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError("PNG chunk %r has a bad CRC" % kind)
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if interlace:
        raise ValueError("interlaced PNGs are not supported")
    channels = CHANNELS[color]
    bpp = max(1, channels * depth // 8)
    stride = width * channels * depth // 8
    raw = zlib.decompress(b"".join(idat))
    out = bytearray(stride * height)
    prev = bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + prev[i]) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 0xFF
            elif filt == 4:
                c = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(a, prev[i], c)) & 0xFF
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return height, width, channels, depth, bytes(out)


def to_tensor(height, width, channels, depth, raw):
    """HWC tensor: uint8 for 8-bit, int32 for 16-bit (torch has no uint16 in older releases)."""
    if depth == 16:
        values = struct.unpack(">%dH" % (len(raw) // 2), raw)
        if torch is None:
            return values
        return torch.tensor(values, dtype=torch.int32).reshape(height, width, channels)
    if torch is None:
        return raw
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(height, width, channels)


def check_manifest(shard_dir):
    with open("%s/manifest.json" % shard_dir) as f:
        manifest = json.load(f)
    for shard in manifest["shards"]:
        with open("%s/%s" % (shard_dir, shard["file"]), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != shard["sha256"]:
            raise ValueError("%s: sha256 %s, manifest says %s" % (shard["file"], digest, shard["sha256"]))
    return manifest


def iterate_samples(shard_dir, manifest):
    """Yields WebDataset samples: dicts keyed by extension, in shard and key order."""
    for shard in manifest["shards"]:
        with tarfile.open("%s/%s" % (shard_dir, shard["file"])) as tar:
            sample = None
            for member in tar:
                key, ext = member.name.split(".", 1)
                if sample is None or sample["__key__"] != key:
                    if sample is not None:
                        yield sample
                    sample = {"__key__": key}
                sample[ext] = tar.extractfile(member).read()
            if sample is not None:
                yield sample


def decode_sample(sample):
    out = {"__key__": sample["__key__"]}
    for ext, data in sample.items():
        if ext.endswith("png"):
            png = decode_png(data)
            out[ext] = to_tensor(*png)
            out[ext + ":raw_sha256"] = hashlib.sha256(png[4]).hexdigest()
        elif ext == "json":
            out["json"] = json.loads(data)
    return out


if torch is not None:

    class ShardDataset(torch.utils.data.IterableDataset):
        """Decoded samples of a neuro-gen shard directory: {"png": HWC tensor, "json": label, ...}."""

        def __init__(self, shard_dir):
            self.shard_dir = shard_dir
            self.manifest = check_manifest(shard_dir)

        def __iter__(self):
            for sample in iterate_samples(self.shard_dir, self.manifest):
                yield decode_sample(sample)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    shard_dir = argv[1]
    manifest = check_manifest(shard_dir)
    if torch is not None:
        samples = list(ShardDataset(shard_dir))
    else:
        samples = [decode_sample(s) for s in iterate_samples(shard_dir, manifest)]
    summary = {
        "path": "torch %s" % torch.__version__ if torch is not None else "stdlib (no torch: %s)" % NO_TORCH_REASON,
        "samples": len(samples),
        "keys": [s["__key__"] for s in samples],
        "shapes": {ext: list(v.shape) for ext, v in samples[0].items() if torch is not None and hasattr(v, "shape")},
        "dtypes": {ext: str(v.dtype) for ext, v in samples[0].items() if torch is not None and hasattr(v, "dtype")},
        "rawSha256": [{k: v for k, v in s.items() if k.endswith(":raw_sha256")} for s in samples],
        "labels": [s.get("json") for s in samples],
    }
    if "--json" in argv:
        print(json.dumps(summary))
    else:
        print("read %d samples from %d shards via %s" % (summary["samples"], len(manifest["shards"]), summary["path"]))
        print("shapes %s dtypes %s" % (summary["shapes"], summary["dtypes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
