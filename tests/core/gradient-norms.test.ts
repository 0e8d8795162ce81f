// Per-layer weight-gradient norms: by hand on a tiny network, as the trainer reports them (the
// mean over an epoch's batches, before L2), and what they show: sigmoids starve the input-side
// layers of gradient, ReLU with He initialisation does not.

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatherBatch } from '../../src-core/batch.ts';
import { validateConfig, type TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import type { EpochEvent } from '../../src-core/events.ts';
import { addWeightGradientNorms } from '../../src-core/gradient-norms.ts';
import { loss } from '../../src-core/losses.ts';
import { Network } from '../../src-core/network.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Trainer } from '../../src-core/train.ts';
import { mnistSubset } from '../fixtures/core/mnist.ts';

let subset: Dataset;
beforeAll(() => {
  subset = mnistSubset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function epochs(config: TrainConfig): EpochEvent[] {
  const t = new Trainer(
    config,
    splitDataset(subset, config.validation, config.testFraction, config.seed),
  );
  return [...t.run()].filter((e): e is EpochEvent => e.type === 'epoch');
}

/** ‖dW‖₂ of each layer, the obvious way. */
function norms(network: Network): number[] {
  return network.layers.map(({ dw }) => Math.hypot(...dw));
}

describe('addWeightGradientNorms', () => {
  // 2-2-2 with ReLU. x = [1, 2]
  //   W0 = [[1, −1], [0.5, 2]]  z0 = x·W0 = [2, 3], a = relu(z0) = [2, 3]
  //   W1 = [[0.5, −1], [1, 0.25]], and the loss sends back dLogits = [0.5, −1]:
  //   dW1 = aᵀ·dy = [[1, −2], [1.5, −3]]                    ‖dW1‖² = 1 + 4 + 2.25 + 9 = 16.25
  //   da = dy·W1ᵀ = [0.25 + 1, 0.5 − 0.25] = [1.25, 0.25], both units active, so dz0 = da
  //   dW0 = xᵀ·dz0 = [[1.25, 0.25], [2.5, 0.5]]   ‖dW0‖² = 1.5625 + 0.0625 + 6.25 + 0.25 = 8.125
  // The bias gradients (db1 = [0.5, −1], db0 = [1.25, 0.25]) are left out.
  function tiny(): Network {
    const net = new Network({ sizes: [2, 2, 2], activations: ['relu'] }, 1, 'float64');
    net.layers[0].w.set([1, -1, 0.5, 2]);
    net.layers[1].w.set([0.5, -1, 1, 0.25]);
    const x = Float64Array.from([1, 2]);
    net.forward(x, 1);
    net.zeroGrad();
    net.backward(Float64Array.from([0.5, -1]), 1);
    return net;
  }

  it('gives each layer’s ‖dW‖₂, input side first, as computed by hand', () => {
    const net = tiny();
    expect(Array.from(net.layers[1].db)).toEqual([0.5, -1]);
    const sums = new Float64Array(2);
    addWeightGradientNorms(net, sums);
    expect(sums[0]).toBeCloseTo(Math.sqrt(8.125), 14);
    expect(sums[1]).toBeCloseTo(Math.sqrt(16.25), 14);
  });

  it('adds to the sums it is given, so a trainer can average over batches', () => {
    const sums = Float64Array.from([1, 2]);
    addWeightGradientNorms(tiny(), sums);
    addWeightGradientNorms(tiny(), sums);
    expect(sums[0]).toBeCloseTo(1 + 2 * Math.sqrt(8.125), 14);
    expect(sums[1]).toBeCloseTo(2 + 2 * Math.sqrt(16.25), 14);
  });
});

describe('the gradient norms of an epoch', () => {
  const article: TrainConfig = validateConfig({ ...PRESETS.article, epochs: 1, validation: 200 });

  it('are those of the whole batch’s gradient in full-batch gradient descent', () => {
    const t = new Trainer(
      article,
      splitDataset(subset, article.validation, article.testFraction, article.seed),
    );
    const start = Float32Array.from(t.network.params);
    const reported = [...t.run()].find((e): e is EpochEvent => e.type === 'epoch')!;

    // The same gradient in one piece, by a network big enough for the whole batch.
    const { train } = t.splits;
    const n = train.indices.length;
    const net = new Network(t.network.architecture, n);
    net.params.set(start);
    const x = new Float32Array(n * 784);
    const labels = new Uint8Array(n);
    gatherBatch(train, null, 0, n, x, labels);
    const dz = new Float32Array(n * 10);
    loss('mse').compute(net.forward(x, n), labels, new Float32Array(n * 10), dz, n, 10, 1 / n);
    net.zeroGrad();
    net.backward(dz, n);
    const expected = norms(net);
    expect(reported.gradientNorms).toHaveLength(3);
    reported.gradientNorms.forEach((g, l) => expect(g / expected[l]).toBeCloseTo(1, 5));
  });

  it('are the mean over the epoch’s mini-batches', () => {
    const perBatch: number[][] = [];
    const backward = Network.prototype.backward;
    vi.spyOn(Network.prototype, 'backward').mockImplementation(function (
      this: Network,
      ...args: Parameters<Network['backward']>
    ) {
      backward.apply(this, args);
      perBatch.push(norms(this)); // one backward per batch: batches fit in one chunk
    });
    const config = validateConfig({ ...PRESETS.quick, epochs: 2, batchSize: 500, validation: 200 });
    const reported = epochs(config);
    expect(perBatch).toHaveLength(2 * 5); // 2,400 images in batches of 500
    reported.forEach((e, k) => {
      const batches = perBatch.slice(5 * k, 5 * k + 5);
      e.gradientNorms.forEach((g, l) => {
        const mean = batches.reduce((s, b) => s + b[l], 0) / batches.length;
        expect(g).toBeCloseTo(mean, 10);
      });
    });
  });

  it('are measured before L2 is added: the penalty does not change the first epoch’s', () => {
    const plain = epochs(article)[0].gradientNorms;
    const penalised = epochs({ ...article, l2: 0.5 })[0].gradientNorms;
    expect(penalised).toEqual(plain);
  });
});

describe('vanishing gradients, seen in the norms', () => {
  // First-epoch norms of full-batch gradient descent on 2,400 images (seed 1), measured:
  //   article, sigmoid     1.4e-1  3.2e-1  5.5e-1                     first / last ≈ 0.26
  //   article, ReLU + He   2.8e-1  8.6e-2  5.1e-2                     first / last ≈ 5.5
  //   32-16-16-16 sigmoid  3.4e-2  8.1e-2  1.2e-1  3.1e-1  6.1e-1     first / last ≈ 0.055
  //   32-16-16-16 ReLU+He  7.0e-1  2.0e-1  1.0e-1  1.7e-1  1.2e-1     first / last ≈ 5.9
  // Each sigmoid layer back multiplies the gradient by σ′ ≤ 1/4; ReLU passes it on unchanged.
  const firstOverLast = (config: TrainConfig): { norms: number[]; ratio: number } => {
    const norms = epochs(validateConfig(config))[0].gradientNorms;
    return { norms, ratio: norms[0] / norms[norms.length - 1] };
  };
  const article: TrainConfig = { ...PRESETS.article, epochs: 1, validation: 200 };

  it('the article network with sigmoids gives its first layer far less than its last', () => {
    const sigmoid = firstOverLast({ ...article, activations: ['sigmoid', 'sigmoid'] });
    const relu = firstOverLast({ ...article, init: 'he' });
    expect(sigmoid.ratio).toBeLessThan(0.4);
    expect(sigmoid.norms[0]).toBeLessThan(sigmoid.norms[1]);
    expect(sigmoid.norms[1]).toBeLessThan(sigmoid.norms[2]);
    expect(relu.ratio).toBeGreaterThan(3);
    expect(relu.ratio / sigmoid.ratio).toBeGreaterThan(10);
  });

  it('compounds layer by layer in a deeper sigmoid network', () => {
    const deep = { ...article, layers: [32, 16, 16, 16] };
    const sigmoid = firstOverLast({
      ...deep,
      activations: ['sigmoid', 'sigmoid', 'sigmoid', 'sigmoid'],
    });
    const relu = firstOverLast({
      ...deep,
      activations: ['relu', 'relu', 'relu', 'relu'],
      init: 'he',
    });
    for (let l = 1; l < sigmoid.norms.length; l++)
      expect(sigmoid.norms[l - 1]).toBeLessThan(sigmoid.norms[l]);
    expect(sigmoid.ratio).toBeLessThan(0.1);
    expect(relu.ratio).toBeGreaterThan(3);
  });
});
