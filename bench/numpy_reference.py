#!/usr/bin/env python3
"""NumPy reference implementations for the Backprop Lab benchmark.

This script mirrors, in plain NumPy (float32 throughout, samples-as-rows
layout: X is (batch, inputs), W is (inputs, outputs), z = X @ W + b), the
algorithms of the hand-written TypeScript MLP trainer, so that its speed and
its accuracy can be compared against a BLAS-backed baseline. Only numpy and the
Python standard library are used. Every subcommand prints JSON lines on stdout.

Subcommands
-----------
minibatch  --layers 784,128,64,10 --batch 64 --seconds 5 [--seed 1]
    Throughput of mini-batch training: ReLU hidden layers, softmax output,
    mean cross-entropy loss, He initialisation (W ~ N(0, 2/fan_in), b = 0),
    Adam (lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected).
    The 60,000 training images are shuffled once per epoch with a seeded
    permutation; each batch is gathered from the uint8 array and converted to
    float32 / 255 at batch time, like the TypeScript implementation does.
    Only full batches are used (the remainder of an epoch is dropped).
    After ~0.5 s of warm-up, as many batches as fit in --seconds are timed
    (the conversion is inside the timed region). Prints
    {"mode":"minibatch","layers":[...],"batch":B,"samplesPerSecond":N,
     "batches":K,"seconds":S,"finalLoss":L}   (finalLoss = last batch's loss).

fullbatch  --iterations 3 [--seed 1]
    Speed of one full-batch gradient-descent step of the blog article network
    784-32-16-10 (ReLU, ReLU, softmax, squared-error loss
    L = mean_i sum_j (softmax_ij - onehot_ij)^2, gradient dL/dp = 2(p - y)/m
    pushed through the softmax Jacobian: dz = p * (g - sum_j p_j g_j)),
    blog init (W ~ N(0,1) * 0.5, b ~ U(0,1) * 0.5), lr 0.5, over the 59,000
    training images (1,000 held out for validation). The float32 training
    matrix is converted once up front, so only forward + backward + update is
    timed. One warm-up iteration, then --iterations timed iterations. Prints
    {"mode":"fullbatch","iterationsPerSecond":N,"iterations":K,"seconds":S}.

article  --iterations 300 --lr 0.5 --seed S [--report-every 50]
    Trains the same article network full-batch and prints, every
    --report-every iterations (and after the last one),
    {"iteration":i,"trainLoss":..,"trainAccuracy":..,"validationAccuracy":..}
    measured after i updates, then
    {"done":true,"testAccuracy":..,"seconds":..} on the 10,000 test images
    (seconds = training time, excluding data loading and report passes).

Validation split (fullbatch/article): as in the blog, the 60,000 training
samples are shuffled with the seed, the first 1,000 become the validation set
and the remaining 59,000 the training set.

Note on BLAS: environments that set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE can
make OpenBLAS markedly slower; the benchmark runner unsets both for this
subprocess.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from reference_harness import (
    F32, INV255, article_data, article_init, he_init, load_mnist, minibatch_layers, one_hot,
    library, reference_parser, shuffled_batches, time_fullbatch, time_minibatch,
)


def about() -> dict:
    return library("numpy", np.__version__)


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


# --------------------------------------------------------------------- minibatch


def relu_forward(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray) -> list[np.ndarray]:
    """Every layer's output, input first: dense then ReLU, the last layer's raw scores last."""
    acts = [x]
    a = x
    last = len(weights) - 1
    for i, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w
        z += b
        if i < last:
            np.maximum(z, 0, out=z)
        a = z
        acts.append(a)
    return acts

class AdamMLP:
    """ReLU MLP with softmax + cross-entropy, He init, Adam."""

    def __init__(self, layers: list[int], rng: np.random.Generator,
                 lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        self.W, self.b = he_init(layers, rng)
        self.params = [p for pair in zip(self.W, self.b) for p in pair]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0

    def train_step(self, x: np.ndarray, labels: np.ndarray) -> float:
        n = x.shape[0]
        # forward
        acts = relu_forward(self.W, self.b, x)
        last = len(self.W) - 1
        a = acts[-1]
        p = softmax(a)
        rows = np.arange(n)
        loss = float(-np.mean(np.log(np.maximum(p[rows, labels], F32(1e-12)))))
        # backward: dz = (p - y) / n
        dz = p
        dz[rows, labels] -= 1.0
        dz *= F32(1.0 / n)
        grads: list[np.ndarray] = [None] * len(self.params)  # type: ignore[list-item]
        for i in range(last, -1, -1):
            a_prev = acts[i]
            grads[2 * i] = a_prev.T @ dz
            grads[2 * i + 1] = dz.sum(axis=0)
            if i > 0:
                dz = dz @ self.W[i].T
                dz *= a_prev > 0
        # Adam
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        c1 = 1.0 - b1 ** self.t
        c2 = 1.0 - b2 ** self.t
        step = F32(self.lr / c1)
        inv_c2 = F32(1.0 / c2)
        eps = F32(self.eps)
        for p_, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= F32(b1)
            m += F32(1.0 - b1) * g
            v *= F32(b2)
            v += F32(1.0 - b2) * (g * g)
            denom = np.sqrt(v * inv_c2)
            denom += eps
            p_ -= step * m / denom
        return loss


def cmd_minibatch(args: argparse.Namespace) -> None:
    layers = minibatch_layers(args.layers)
    images, labels = load_mnist(args.data_dir, "train")
    rng = np.random.default_rng(args.seed)
    net = AdamMLP(layers, rng)
    it = shuffled_batches(rng, images.shape[0], args.batch)

    def step() -> float:
        idx = next(it)
        x = images[idx].astype(F32)
        x *= INV255
        return net.train_step(x, labels[idx])

    time_minibatch(args, layers, step, about)


# ------------------------------------------------------------ article / fullbatch


class ArticleNet:
    """784-32-16-10, ReLU, ReLU, softmax, squared-error loss, plain full-batch GD."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.W, self.b = article_init(rng)

    def forward(self, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        acts = relu_forward(self.W, self.b, x)
        return acts, softmax(acts[-1])

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)[1]

    @staticmethod
    def loss(p: np.ndarray, y: np.ndarray) -> float:
        d = p - y
        return float(np.mean(np.sum(d * d, axis=1)))

    def train_step(self, x: np.ndarray, y: np.ndarray, lr: float) -> None:
        m = x.shape[0]
        acts, p = self.forward(x)
        g = (p - y) * F32(2.0 / m)                       # dL/dp
        dz = p * (g - np.sum(p * g, axis=1, keepdims=True))  # through softmax
        lr32 = F32(lr)
        last = len(self.W) - 1
        for i in range(last, -1, -1):
            a_prev = acts[i]
            dw = a_prev.T @ dz
            db = dz.sum(axis=0)
            if i > 0:
                dz = dz @ self.W[i].T
                dz *= a_prev > 0
            self.W[i] -= lr32 * dw
            self.b[i] -= lr32 * db


def accuracy(p: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(p, axis=1) == labels))


def cmd_fullbatch(args: argparse.Namespace) -> None:
    rng, x_train, y_lab, _, _ = article_data(args.data_dir, args.seed)
    y = one_hot(y_lab)
    net = ArticleNet(rng)
    time_fullbatch(args, lambda: net.train_step(x_train, y, args.lr), about)


def cmd_article(args: argparse.Namespace) -> None:
    rng, x_train, y_lab, x_val, val_lab = article_data(args.data_dir, args.seed)
    y = one_hot(y_lab)
    net = ArticleNet(rng)
    train_seconds = 0.0
    for i in range(1, args.iterations + 1):
        t0 = time.perf_counter()
        net.train_step(x_train, y, args.lr)
        train_seconds += time.perf_counter() - t0
        if i % args.report_every == 0 or i == args.iterations:
            p = net.predict(x_train)
            print(json.dumps({
                "iteration": i,
                "trainLoss": net.loss(p, y),
                "trainAccuracy": accuracy(p, y_lab),
                "validationAccuracy": accuracy(net.predict(x_val), val_lab),
            }), flush=True)
    x_test, test_lab = load_mnist(args.data_dir, "t10k")
    p_test = net.predict(x_test.astype(F32) * F32(1.0 / 255.0))
    print(json.dumps({
        "done": True,
        "testAccuracy": accuracy(p_test, test_lab),
        "seconds": train_seconds,
    }), flush=True)


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> None:
    parser, subcommand = reference_parser(__doc__)
    subcommand("minibatch", "mini-batch Adam throughput", cmd_minibatch)
    subcommand("fullbatch", "article network full-batch GD speed", cmd_fullbatch)
    p = subcommand("article", "article network accuracy run", cmd_article)
    p.add_argument("--iterations", type=int, default=300)
    p.add_argument("--lr", type=float, default=0.5)
    p.add_argument("--report-every", type=int, default=50)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
