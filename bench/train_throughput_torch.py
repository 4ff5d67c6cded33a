"""PyTorch CPU training throughput of the sim2real CNN (engine preset mnist-cnn), for
bench/train-throughput.ts. Same layers, loss, optimizer, batch size and input as the tfjs run.

Usage: /usr/bin/python3 bench/train_throughput_torch.py <batch> <steps> <threads>
Prints one JSON line: {"samplesPerSecond": ..., "threads": ..., "torch": ...}."""
import json
import sys
import time

import torch
from torch import nn

batch, steps, threads = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
torch.manual_seed(0)

# conv 5x5x16 same, max-pool, conv 3x3x32 same, max-pool, dense 128, dense 10 (softmax in the loss)
model = nn.Sequential(
    nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))


def step():
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()


for _ in range(3):  # warm-up: allocator and kernel selection
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
seconds = time.perf_counter() - start
print(json.dumps({"samplesPerSecond": batch * steps / seconds, "threads": threads, "torch": torch.__version__}))
