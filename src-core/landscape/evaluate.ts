// Loss and accuracy of many weight vectors that are combinations Σ_k c_k·p_k of a few fixed
// ones (a line's two ends; a plane's centre and two directions), on one set of images. The
// first layer's pre-activation is linear in the weights: Z1(Σ c_k p_k) = Σ c_k (X·W1_k + b1_k),
// so X·W1_k + b1_k is computed once per fixed vector and a point costs only its combination and
// the later layers. With coefficients (1, 0, …) a point reproduces p_0's own values exactly.

import type { Backend } from '../backend.ts';
import { gatherBatch } from '../batch.ts';
import type { Subset } from '../data/split.ts';
import { CLASSES } from '../limits.ts';
import type { Loss } from '../losses.ts';
import { countCorrect } from '../metrics.ts';
import { Network, type LayerStack } from '../network.ts';
import type { FloatArray } from '../types.ts';
import { denseBlocks } from './layout.ts';
import type { PointValue } from './types.ts';

/** Rows per pass through the later layers. */
const CHUNK = 1000;

export class CombinationEvaluator {
  readonly #count: number;
  readonly #firstParams: number;
  readonly #loss: Loss;
  readonly #points: readonly ArrayLike<number>[];
  /** Per fixed vector, X·W1 + b1 for every image (count × H1). */
  readonly #z1: FloatArray[];
  readonly #hidden: number;
  readonly #rest: Network;
  readonly #z: FloatArray;
  readonly #labels: Uint8Array;
  readonly #probs: FloatArray;

  constructor(
    stack: LayerStack,
    points: readonly ArrayLike<number>[],
    subset: Subset,
    backend: Backend,
    loss: Loss,
  ) {
    const [first] = denseBlocks(stack);
    if (stack.layers[0]?.kind !== 'dense' || first === undefined)
      throw new Error('the landscape needs a network that starts with a dense layer');
    if (stack.layers.length < 2)
      throw new Error('the landscape needs a network with at least one hidden layer');
    const count = subset.indices.length;
    this.#count = count;
    this.#loss = loss;
    this.#points = points;
    this.#hidden = first.outSize;
    this.#firstParams = first.biases + first.outSize;
    this.#rest = new Network(
      { inputs: first.outSize, layers: stack.layers.slice(1) },
      CHUNK,
      backend,
    );
    const total = this.#firstParams + this.#rest.params.length;
    for (const p of points)
      if (p.length !== total)
        throw new Error(`weights of ${p.length} values given for a network of ${total}`);
    this.#labels = new Uint8Array(count);
    this.#z1 = points.map(() => backend.allocate(count * first.outSize));
    this.#z = backend.allocate(CHUNK * first.outSize);
    this.#probs = backend.allocate(CHUNK * CLASSES);
    const x = backend.allocate(Math.min(CHUNK, count) * stack.inputs);
    const w = backend.allocate(first.inSize * first.outSize);
    const b = backend.allocate(first.outSize);
    const labels = new Uint8Array(CHUNK);
    for (let start = 0; start < count; start += CHUNK) {
      const rows = Math.min(CHUNK, count - start);
      gatherBatch(subset, null, start, rows, x, labels, backend);
      this.#labels.set(labels.subarray(0, rows), start);
      points.forEach((p, k) => {
        for (let i = 0; i < w.length; i++) w[i] = p[first.weights + i];
        for (let i = 0; i < b.length; i++) b[i] = p[first.biases + i];
        const out = this.#z1[k].subarray(start * first.outSize, (start + rows) * first.outSize);
        backend.fillRows(out, b, rows, first.outSize);
        backend.gemmNN(out, x, w, rows, first.inSize, first.outSize);
      });
    }
  }

  /** Mean loss and accuracy at Σ_k coefficients[k]·points[k]. */
  evaluate(coefficients: readonly number[]): PointValue {
    const c = coefficients;
    if (c.length !== this.#points.length)
      throw new Error(`${c.length} coefficients for ${this.#points.length} weight vectors`);
    const rest = this.#rest.params;
    const skip = this.#firstParams;
    for (let i = 0; i < rest.length; i++) {
      let s = 0;
      for (let k = 0; k < c.length; k++) if (c[k] !== 0) s += c[k] * this.#points[k][skip + i];
      rest[i] = s;
    }
    const h = this.#hidden;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < this.#count; start += CHUNK) {
      const rows = Math.min(CHUNK, this.#count - start);
      const n = rows * h;
      const z = this.#z;
      z.fill(0, 0, n);
      for (let k = 0; k < c.length; k++) {
        if (c[k] === 0) continue;
        const src = this.#z1[k];
        const o = start * h;
        const ck = c[k];
        for (let i = 0; i < n; i++) z[i] += ck * src[o + i];
      }
      const logits = this.#rest.forward(z, rows);
      const labels = this.#labels.subarray(start, start + rows);
      lossSum += this.#loss.compute(logits, labels, this.#probs, null, rows, CLASSES, 1);
      correct += countCorrect(this.#probs, labels, rows, CLASSES);
    }
    return { loss: lossSum / this.#count, accuracy: correct / this.#count };
  }
}
