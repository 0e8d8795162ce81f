import { describe, expect, it } from 'vitest';
import { loss } from '../../src-core/losses.ts';
import { checkArchitecture, Network, parameterCount } from '../../src-core/network.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

// A 3-2-2 network with ReLU and fixed weights:
//   W1 = [[0.1, −0.2], [0.4, 0.5], [−0.3, 0.2]]   b1 = [−0.2, −0.1]
//   W2 = [[1, −1], [0.5, 2]]                      b2 = [0, 0.5]
// For x = [1, 2, 3]:
//   z1 = x·W1 + b1 = [0.1 + 0.8 − 0.9 − 0.2, −0.2 + 1.0 + 0.6 − 0.1] = [−0.2, 1.3]
//   a1 = relu(z1) = [0, 1.3]
//   z2 = a1·W2 + b2 = [0.65, 2.6 + 0.5] = [0.65, 3.1]
const W1 = [0.1, -0.2, 0.4, 0.5, -0.3, 0.2];
const B1 = [-0.2, -0.1];
const W2 = [1, -1, 0.5, 2];
const B2 = [0, 0.5];
const X = [1, 2, 3];

// Backward with dLogits = dz2 = [0.3, −0.7]:
//   dW2 = a1ᵀ·dz2 = [[0, 0], [0.39, −0.91]]     db2 = [0.3, −0.7]
//   da1 = dz2·W2ᵀ = [0.3 + 0.7, 0.15 − 1.4] = [1, −1.25]
//   dz1 = da1 · relu'(z1) = [0, −1.25]          (unit 0 is off: z1 < 0)
//   dW1 = xᵀ·dz1 = [[0, −1.25], [0, −2.5], [0, −3.75]]   db1 = [0, −1.25]
const DZ2 = [0.3, -0.7];
const GRADS = [0, -1.25, 0, -2.5, 0, -3.75, 0, -1.25, 0, 0, 0.39, -0.91, 0.3, -0.7];

function tiny(maxBatch = 2, dtype: 'float32' | 'float64' = 'float64'): Network {
  const net = new Network({ sizes: [3, 2, 2], activations: ['relu'] }, maxBatch, dtype);
  net.params.set([...W1, ...B1, ...W2, ...B2]);
  return net;
}

const array = (v: number[]) => Float64Array.from(v);

describe('Network layout', () => {
  it('counts parameters layer by layer', () => {
    expect(parameterCount([3, 2, 2])).toBe(14);
    expect(parameterCount([784, 32, 16, 10])).toBe(784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10);
    expect(tiny().params.length).toBe(14);
    expect(tiny().grads.length).toBe(14);
  });

  it('lays out each layer as W then b, consecutively, in params and grads', () => {
    const net = tiny();
    const [l1, l2] = net.layers;
    expect(Array.from(l1.w)).toEqual(W1);
    expect(Array.from(l1.b)).toEqual(B1);
    expect(Array.from(l2.w)).toEqual(W2);
    expect(Array.from(l2.b)).toEqual(B2);
    expect(l2.dw.byteOffset).toBe(8 * 8);
    expect(l2.db.buffer).toBe(net.grads.buffer);
  });

  it('allocates Float32Array by default and Float64Array on request', () => {
    const arch = { sizes: [3, 2, 2], activations: ['relu'] as const };
    expect(new Network(arch, 1).params).toBeInstanceOf(Float32Array);
    expect(new Network(arch, 1, 'float64').grads).toBeInstanceOf(Float64Array);
  });

  it('reports input and output sizes', () => {
    expect(tiny().inputSize).toBe(3);
    expect(tiny().outputSize).toBe(2);
  });
});

describe('Network.forward', () => {
  it('computes the hand-worked logits [0.65, 3.1]', () => {
    const logits = tiny().forward(array(X), 1);
    expectAllClose(logits.subarray(0, 2), [0.65, 3.1], 1e-14);
  });

  it('exposes pre-activations and hidden activations', () => {
    const net = tiny();
    net.forward(array(X), 1);
    expectAllClose(net.preActivations(0).subarray(0, 2), [-0.2, 1.3], 1e-14);
    expectAllClose(net.hiddenActivations(0).subarray(0, 2), [0, 1.3], 1e-14);
    expectAllClose(net.preActivations(1).subarray(0, 2), [0.65, 3.1], 1e-14);
  });

  it('agrees in float32 to float32 precision', () => {
    const logits = tiny(1, 'float32').forward(new Float32Array(X), 1);
    expectAllClose(logits, [0.65, 3.1], 1e-6);
  });

  it('computes each row of a batch independently of the others', () => {
    const net = tiny();
    const logits = net.forward(array([...X, 0, 0, 0]), 2);
    // x = 0 gives z1 = b1 = [−0.2, −0.1], a1 = 0, z2 = b2
    expectAllClose(logits, [0.65, 3.1, 0, 0.5], 1e-14);
  });

  it('does not depend on what an earlier, larger batch left in the buffers', () => {
    const net = tiny();
    net.forward(array([5, 5, 5, -1, 7, 2]), 2);
    expectAllClose(net.forward(array(X), 1).subarray(0, 2), [0.65, 3.1], 1e-14);
  });

  it('throws for a batch larger than maxBatch', () => {
    expect(() => tiny(1).forward(array([...X, ...X]), 2)).toThrow(/batch of 2 exceeds.*\(1\)/);
  });
});

describe('Network.backward', () => {
  it('gives the hand-worked gradients for one sample', () => {
    const net = tiny();
    net.zeroGrad();
    net.forward(array(X), 1);
    net.backward(array(DZ2), 1);
    expectAllClose(net.grads, GRADS, 1e-14);
  });

  it('agrees in float32 to float32 precision', () => {
    const net = tiny(1, 'float32');
    net.forward(new Float32Array(X), 1);
    net.backward(new Float32Array(DZ2), 1);
    expectAllClose(net.grads, GRADS, 1e-6);
  });

  it('composes with cross-entropy: dLogits = softmax(z2) − onehot(y)', () => {
    const net = tiny();
    const logits = net.forward(array(X), 1);
    const dz = new Float64Array(2);
    loss('cross-entropy').compute(logits, new Uint8Array([0]), new Float64Array(2), dz, 1, 2, 1);
    // p0 = e^0.65 / (e^0.65 + e^3.1); label 0, so dz2 = [p0 − 1, 1 − p0]
    const p0 = Math.exp(0.65) / (Math.exp(0.65) + Math.exp(3.1));
    const d = [p0 - 1, 1 - p0];
    expectAllClose(dz, d, 1e-15);
    net.backward(dz, 1);
    const da1 = [d[0] * 1 + d[1] * -1, d[0] * 0.5 + d[1] * 2];
    expectAllClose(
      net.grads,
      [0, da1[1], 0, 2 * da1[1], 0, 3 * da1[1], 0, da1[1], 0, 0, 1.3 * d[0], 1.3 * d[1], ...d],
      1e-14,
    );
  });

  it('accumulates across two backward calls', () => {
    const net = tiny();
    net.forward(array(X), 1);
    net.backward(array(DZ2), 1);
    net.backward(array(DZ2), 1);
    expectAllClose(
      net.grads,
      GRADS.map((g) => 2 * g),
      1e-14,
    );
  });

  it('sums the gradients of a batch’s rows', () => {
    const x2 = [0.5, -1, 2];
    const dz2 = [-0.2, 0.4];
    const single = tiny();
    single.forward(array(x2), 1);
    single.backward(array(dz2), 1);
    const batch = tiny();
    batch.forward(array([...X, ...x2]), 2);
    batch.backward(array([...DZ2, ...dz2]), 2);
    expectAllClose(
      batch.grads,
      GRADS.map((g, i) => g + single.grads[i]),
      1e-14,
    );
  });

  it('zeroGrad clears every gradient and leaves the parameters alone', () => {
    const net = tiny();
    net.forward(array(X), 1);
    net.backward(array(DZ2), 1);
    net.zeroGrad();
    expect(net.grads.every((g) => g === 0)).toBe(true);
    expect(Array.from(net.params)).toEqual([...W1, ...B1, ...W2, ...B2]);
  });

  it('throws for a batch larger than maxBatch', () => {
    expect(() => tiny(1).backward(array([...DZ2, ...DZ2]), 2)).toThrow(/exceeds/);
  });

  it('works without hidden layers (softmax regression)', () => {
    const net = new Network({ sizes: [2, 2], activations: [] }, 1, 'float64');
    net.params.set([1, 2, 3, 4, 0.5, -0.5]);
    expectAllClose(net.forward(array([1, -1]), 1), [1 - 3 + 0.5, 2 - 4 - 0.5], 1e-15);
    net.backward(array([1, 2]), 1);
    expectAllClose(net.grads, [1, 2, -1, -2, 1, 2], 1e-15);
  });
});

describe('checkArchitecture', () => {
  it('accepts a valid architecture', () => {
    expect(() =>
      checkArchitecture({ sizes: [784, 32, 16, 10], activations: ['relu', 'tanh'] }),
    ).not.toThrow();
  });

  it('rejects fewer than two layers', () => {
    expect(() => checkArchitecture({ sizes: [784], activations: [] })).toThrow(/at least/);
  });

  it('rejects a layer size of 0 or a fraction', () => {
    expect(() => checkArchitecture({ sizes: [784, 0, 10], activations: ['relu'] })).toThrow(
      /layer size 0/,
    );
    expect(() => checkArchitecture({ sizes: [784, 2.5, 10], activations: ['relu'] })).toThrow(
      /layer size 2.5/,
    );
  });

  it('rejects a count of activations different from the hidden layers', () => {
    expect(() => checkArchitecture({ sizes: [784, 32, 10], activations: [] })).toThrow(
      /1 hidden layer\(s\).*got 0/,
    );
  });

  it('is applied by the Network constructor', () => {
    expect(() => new Network({ sizes: [3, 2, 2], activations: [] }, 1)).toThrow();
  });
});
