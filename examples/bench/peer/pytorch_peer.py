"""The peer column of `pnpm bench`: trains one of the bench's reference nets in PyTorch.

Usage: python3 pytorch_peer.py '{"net": "stage4", "threads": 1, "batchSize": 128, "warmupBatches": 3, "timedBatches": 10}'
Prints one JSON line: {"ok": true, "torch": "1.13.0", "trainBatchMs": [...]} (or {"ok": false, "error": "..."}).

The nets are the ones nophd trains in the bench, layer for layer: TensorFlow's 'same' padding (extra
row and column after, for even kernels or odd strides) is written out with F.pad. Adam and cross-entropy
on the logits, which is the same loss as nophd's softmax + categorical cross-entropy. The batches are
random images and labels of the right shape, drawn before timing; a step is zero_grad, forward, loss,
backward, the optimizer's update and reading the loss back (as nophd's trainOnBatch resolves with it).
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SamePad(nn.Module):
    """TensorFlow's 'same' padding for a square kernel and stride on a square input."""

    def __init__(self, size, kernel, stride):
        super().__init__()
        out = math.ceil(size / stride)
        total = max((out - 1) * stride + kernel - size, 0)
        self.pad = (total // 2, total - total // 2, total // 2, total - total // 2)

    def forward(self, x):
        return F.pad(x, self.pad)


def conv(size, channels_in, channels_out, kernel, stride, bias=True):
    return [SamePad(size, kernel, stride), nn.Conv2d(channels_in, channels_out, kernel, stride, bias=bias)]


class OffsetBatchNorm(nn.Module):
    """Batch norm with an offset and no scale, as stage 5 uses it (a scale is useless before ReLU)."""

    def __init__(self, features, dims):
        super().__init__()
        self.norm = (nn.BatchNorm2d if dims == 2 else nn.BatchNorm1d)(features, affine=False, momentum=0.01, eps=1e-3)
        self.offset = nn.Parameter(torch.zeros(features))

    def forward(self, x):
        y = self.norm(x)
        return y + (self.offset.view(1, -1, 1, 1) if y.dim() == 4 else self.offset)


def stage2():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 100), nn.ReLU(),
        nn.Linear(100, 60), nn.ReLU(), nn.Linear(60, 30), nn.ReLU(), nn.Linear(30, 10),
    ), 0.003


def stage4():
    return nn.Sequential(
        *conv(28, 1, 12, 3, 1), nn.ReLU(),
        *conv(28, 12, 24, 6, 2), nn.ReLU(),
        *conv(14, 24, 32, 6, 2), nn.ReLU(),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 200), nn.ReLU(), nn.Linear(200, 10),
    ), 0.005


def stage5():
    return nn.Sequential(
        *conv(28, 1, 24, 6, 1, bias=False), OffsetBatchNorm(24, 2), nn.ReLU(),
        *conv(28, 24, 48, 5, 2, bias=False), OffsetBatchNorm(48, 2), nn.ReLU(),
        *conv(14, 48, 64, 4, 2, bias=False), OffsetBatchNorm(64, 2), nn.ReLU(),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 200, bias=False), OffsetBatchNorm(200, 1), nn.ReLU(),
        nn.Dropout(0.3), nn.Linear(200, 10),
    ), 0.01


def experts():
    """conv 5×5·32 same → maxpool 2 → conv 5×5·64 same → maxpool 2 → dense 1024 relu → dropout 0.5 → 10."""
    return nn.Sequential(
        *conv(28, 1, 32, 5, 1), nn.ReLU(), nn.MaxPool2d(2),
        *conv(14, 32, 64, 5, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Dropout(0.5), nn.Linear(1024, 10),
    ), 1e-4


NETS = {"stage2": stage2, "stage4": stage4, "stage5": stage5, "experts": experts}


def measure(task):
    torch.set_num_threads(int(task["threads"]))
    torch.manual_seed(1)
    model, learning_rate = NETS[task["net"]]()
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    batch = int(task["batchSize"])
    # A few distinct batches, cycled, so no step reuses the previous step's input.
    batches = [(torch.rand(batch, 1, 28, 28), torch.randint(0, 10, (batch,))) for _ in range(4)]

    def step(i):
        xs, ys = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xs), ys)
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(int(task["warmupBatches"])):
        step(i)
    times = []
    for i in range(int(task["timedBatches"])):
        start = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - start) * 1000)
    return {"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "trainBatchMs": times,
            "medianMs": statistics.median(times)}


if __name__ == "__main__":
    try:
        print(json.dumps(measure(json.loads(sys.argv[1]))))
    except Exception as error:  # reported to the bench, which goes on with the next measurement
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))
        sys.exit(1)
