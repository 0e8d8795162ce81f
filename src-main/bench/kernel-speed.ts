// Speed of each backend's kernels on the shapes training uses, and of a whole training step
// (forward, loss, backward, Adam) on each: the numbers behind the WebAssembly backend. GFLOPS
// count the nominal 2·m·k·n of a product, so zero-skipping shows as a higher rate on the sparse
// first-layer input (real MNIST images, ~80% zeros), which a backend that reads image batches
// (Backend.gatherImages) takes as one, as training does. Times are the best of several
// repetitions: the machine is shared, and the best is the least disturbed.

import type { Backend, ImageBatch } from '../../src-core/backend.ts';
import type { ImageSet } from '../../src-core/data/dataset.ts';
import { gatherBatch } from '../../src-core/batch.ts';
import { initialize } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { createOptimizer } from '../../src-core/optimizers/create.ts';
import { Rng } from '../../src-core/rng.ts';

type Product = 'gemmNN' | 'gemmTN' | 'gemmNT';

export interface KernelShape {
  readonly kernel: Product;
  /** (m, k, n) as the kernel takes them (see src-core/backend.ts). */
  readonly sizes: readonly [number, number, number];
  /** Whether the left operand is the image batch (for gemmNN and gemmTN of the first layer). */
  readonly images: boolean;
  readonly label: string;
}

/** The products of one step of a network of `sizes` on batches of `batch` rows. */
export function stepShapes(sizes: readonly number[], batch: number): KernelShape[] {
  const shapes: KernelShape[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inSize, outSize] = [sizes[l], sizes[l + 1]];
    const layer = `${inSize}→${outSize}`;
    const images = l === 0;
    shapes.push({
      kernel: 'gemmNN',
      sizes: [batch, inSize, outSize],
      images,
      label: `x·W ${layer}`,
    });
    shapes.push({
      kernel: 'gemmTN',
      sizes: [batch, inSize, outSize],
      images,
      label: `xᵀ·dy ${layer}`,
    });
    if (l > 0)
      shapes.push({
        kernel: 'gemmNT',
        sizes: [batch, outSize, inSize],
        images: false,
        label: `dy·Wᵀ ${layer}`,
      });
  }
  return shapes;
}

/** Runs `work` until `budgetMs` have passed (at least 3 times); the fastest run's milliseconds. */
function bestMs(work: () => void, budgetMs: number): number {
  let best = Infinity;
  const until = performance.now() + budgetMs;
  for (let runs = 0; runs < 3 || performance.now() < until; runs++) {
    const t = performance.now();
    work();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Fills x (rows, pixels) with the first `rows` images of `set`, as the trainer's batches are. */
function images(set: ImageSet, x: Float32Array | Float64Array, rows: number): void {
  const subset = { set, indices: Uint32Array.from({ length: rows }, (_, i) => i % set.count) };
  gatherBatch(subset, null, 0, rows, x, new Uint8Array(rows));
}

/** The first `rows` images of `set` as the image batch training would have `backend` hold, or
 * null where it reads floats. */
function imageBatch(backend: Backend, set: ImageSet, rows: number): ImageBatch | null {
  const image = (i: number) => i % set.count;
  return backend.gatherImages?.(set.images, image, rows, set.rows * set.cols) ?? null;
}

/** The kernel training runs for `shape` on `backend`: a first layer's image-batch product where
 * the backend reads image batches, else the shape's own. */
export function trainingKernel(backend: Backend, shape: KernelShape, set: ImageSet): string {
  if (!shape.images || imageBatch(backend, set, 1) === null) return shape.kernel;
  return shape.kernel === 'gemmNN' ? 'gemmImagesNN' : 'gemmImagesTN';
}

/** GFLOPS of `shape`'s product on `backend` (trainingKernel's), its operands allocated by the
 * backend. `dense` replaces the left operand by floats without zeros (what zero-skipping saves
 * is the difference). */
export function kernelGflops(
  backend: Backend,
  shape: KernelShape,
  set: ImageSet,
  { budgetMs = 150, dense = false } = {},
): number {
  const [m, k, n] = shape.sizes;
  const rng = new Rng(5);
  const [outLength, aLength, bLength] =
    shape.kernel === 'gemmNN'
      ? [m * n, m * k, k * n]
      : shape.kernel === 'gemmTN'
        ? [k * n, m * k, m * n]
        : [m * n, m * k, n * k];
  const out = backend.allocate(outLength);
  const a = backend.allocate(aLength);
  const b = backend.allocate(bLength);
  // A hidden layer's input is a ReLU's output (about half zeros); gradients are dense.
  if (dense) for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  else if (shape.images) images(set, a, m);
  else
    for (let i = 0; i < a.length; i++)
      a[i] = shape.kernel === 'gemmNT' || rng.uniform() < 0.5 ? rng.normal() : 0;
  for (let i = 0; i < b.length; i++) b[i] = rng.normal() * 0.1;
  const batch = shape.images && !dense ? imageBatch(backend, set, m) : null;
  const product =
    batch === null
      ? () => backend[shape.kernel](out, a, b, m, k, n)
      : shape.kernel === 'gemmNN'
        ? () => backend.gemmImagesNN!(out, batch, b, n)
        : () => backend.gemmImagesTN!(out, batch, b, n);
  const ms = bestMs(product, budgetMs);
  return (2 * m * k * n) / (ms * 1e6);
}

/** Milliseconds of one training step (forward, cross-entropy, backward, Adam) of a network of
 * `sizes` on `batch` images, best of repeated steps over `budgetMs`. */
export function stepMs(
  backend: Backend,
  sizes: readonly number[],
  batch: number,
  set: ImageSet,
  budgetMs = 1500,
): number {
  const rng = new Rng(3);
  const activations = sizes.slice(2).map(() => 'relu' as const);
  const net = new Network({ sizes, activations }, batch, backend, rng);
  initialize(net.chain, 'he', rng);
  const optimizer = createOptimizer('adam', net.params.length, 0.9, backend);
  const x = backend.allocate(batch * sizes[0]);
  images(set, x, batch);
  const labels = set.labels.subarray(0, batch);
  const classes = net.outputSize;
  const probs = backend.allocate(batch * classes);
  const dLogits = backend.allocate(batch * classes);
  const crossEntropy = backend.loss('cross-entropy');
  const held = net.readsImageBatches ? imageBatch(backend, set, batch) : null;
  return bestMs(() => {
    const logits = held === null ? net.forward(x, batch, true) : net.forwardImages(held, true);
    crossEntropy.compute(logits, labels, probs, dLogits, batch, classes, 1 / batch);
    net.zeroGrad();
    net.backward(dLogits, batch);
    optimizer.step(net.params, net.grads, 1e-3);
  }, budgetMs);
}
