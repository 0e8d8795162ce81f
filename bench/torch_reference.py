#!/usr/bin/env python3
"""PyTorch reference implementations for the Backprop Lab benchmark.

The same training as numpy_reference.py (read its docstring for the algorithms),
written the way a PyTorch user would: float32 tensors on the CPU, autograd for
the gradients, torch.optim.Adam (lr 1e-3, betas (0.9, 0.999), eps 1e-8, which
is the same bias-corrected update) and torch.optim.SGD for the article's plain
gradient descent, torch.set_num_threads = the machine's cores. Everything else
comes from reference_harness.py, shared with the numpy script: the MNIST files,
the seeded initial weights (drawn with numpy's generator, so both references
start from the same numbers), the batch order, the validation split, the
warm-up, the timing and the JSON lines. Run with a Python that has torch, e.g.
Debian's python3-torch under /usr/bin/python3.

Subcommands (options and output as in numpy_reference.py)
-----------
minibatch  --layers 784,128,64,10 --batch 64 --seconds 5 [--seed 1]
    Mini-batch Adam throughput, the uint8 -> float32 / 255 conversion of each
    gathered batch inside the timed region.
fullbatch  --iterations 3 [--seed 1]
    Full-batch gradient descent of the article network over 59,000 images.
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import torch

from reference_harness import (
    INV255, article_data, article_init, he_init, load_mnist, minibatch_layers, one_hot,
    library, reference_parser, shuffled_batches, time_fullbatch, time_minibatch,
)


def about() -> dict:
    return library("torch", torch.__version__)


def parameters(weights: list[np.ndarray], biases: list[np.ndarray]) -> list[torch.Tensor]:
    """W0, b0, W1, b1, ...: leaf tensors that autograd fills with gradients."""
    pairs = zip(weights, biases)
    return [torch.tensor(p).requires_grad_() for pair in pairs for p in pair]


def logits(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Dense layers z = a @ W + b (W stored (in, out), as numpy's), ReLU between them."""
    a = x
    last = len(params) // 2 - 1
    for i in range(0, len(params), 2):
        a = torch.addmm(params[i + 1], a, params[i])
        if i // 2 < last:
            a = torch.relu(a)
    return a


def cmd_minibatch(args: argparse.Namespace) -> None:
    layers = minibatch_layers(args.layers)
    images, labels = load_mnist(args.data_dir, "train")
    rng = np.random.default_rng(args.seed)
    params = parameters(*he_init(layers, rng))
    optimizer = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    images_t = torch.from_numpy(images)
    labels_t = torch.from_numpy(labels.astype(np.int64))
    it = shuffled_batches(rng, images.shape[0], args.batch)

    def step() -> float:
        idx = torch.from_numpy(next(it))
        x = images_t[idx].to(torch.float32)
        x *= float(INV255)
        loss = torch.nn.functional.cross_entropy(logits(params, x), labels_t[idx])
        optimizer.zero_grad(set_to_none=False)
        loss.backward()
        optimizer.step()
        return float(loss)

    time_minibatch(args, layers, step, about)


def cmd_fullbatch(args: argparse.Namespace) -> None:
    rng, x_train, y_lab, _, _ = article_data(args.data_dir, args.seed)
    x = torch.from_numpy(x_train)
    y = torch.from_numpy(one_hot(y_lab))
    params = parameters(*article_init(rng))
    optimizer = torch.optim.SGD(params, lr=args.lr)

    def step() -> None:
        # Squared error of the softmax, summed over classes, averaged over the images.
        p = torch.softmax(logits(params, x), dim=1)
        loss = ((p - y) ** 2).sum(dim=1).mean()
        optimizer.zero_grad(set_to_none=False)
        loss.backward()
        optimizer.step()

    time_fullbatch(args, step, about)


def main(argv: list[str] | None = None) -> None:
    torch.set_num_threads(os.cpu_count() or 1)
    parser, subcommand = reference_parser(__doc__)
    subcommand("minibatch", "mini-batch Adam throughput", cmd_minibatch)
    subcommand("fullbatch", "article network full-batch GD speed", cmd_fullbatch)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
