import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src-core/activations.ts';
import {
  EXPLANATION_NOTES,
  explainImage,
  inputFromPixels,
  largest,
  type ExplainStep,
} from '../../src-core/explain.ts';
import { GRADCHECK_TOLERANCE, relativeError } from '../../src-core/gradcheck.ts';
import { LOSSES, type LossName } from '../../src-core/losses.ts';
import type { Network } from '../../src-core/network.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';
import {
  coreGradients,
  imageFor,
  logitsOf,
  lossOf,
  seededNetwork,
  slope,
} from '../fixtures/core/explain-networks.ts';

const byName = (steps: readonly ExplainStep[], name: string): ExplainStep => {
  const found = steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no step ${name}`);
  return found;
};

/** Layer l's weights (1-based) in the core's (IN, OUT) layout, from a dW shown as (out, in). */
function coreLayout(step: ExplainStep): number[] {
  const [out, inputs] = step.shape;
  return Array.from(
    { length: inputs * out },
    (_, k) => step.values[(k % out) * inputs + Math.floor(k / out)],
  );
}

const maxAbs = (v: ArrayLike<number>): number => Math.max(...Array.from(v, Math.abs));

describe('explainImage: the steps', () => {
  const net = seededNetwork([784, 32, 16, 10], ['relu', 'relu'], { dtype: 'float32' });
  const x = imageFor(net);

  it("walks forward and back in the blog's notation, with the blog's shapes", () => {
    const { steps } = explainImage(net, x, 3, 'mse');
    expect(steps.map((s) => `${s.phase} ${s.name} ${s.shape.join('×')}`)).toEqual([
      'forward X 784×1',
      'forward Z1 32×1',
      'forward A1 32×1',
      'forward Z2 16×1',
      'forward A2 16×1',
      'forward Z3 10×1',
      'forward A3 10×1',
      'loss Y 10×1',
      'loss L 1',
      'backward dA3 10×1',
      'backward dZ3 10×1',
      'backward dW3 10×16',
      'backward db3 10×1',
      'backward dA2 16×1',
      "backward g'(Z2) 16×1",
      'backward dZ2 16×1',
      'backward dW2 16×32',
      'backward db2 16×1',
      'backward dA1 32×1',
      "backward g'(Z1) 32×1",
      'backward dZ1 32×1',
      'backward dW1 32×784',
      'backward db1 32×1',
    ]);
    for (const s of steps) expect(s.values).toHaveLength(s.shape.reduce((a, b) => a * b, 1));
    expect(byName(steps, 'dW3').formula).toBe('dW3 = dZ3 · A2ᵀ');
    expect(byName(steps, 'dA2').formula).toBe('dA2 = W3ᵀ · dZ3');
    expect(byName(steps, 'Z1').formula).toBe('Z1 = W1 · X + b1');
  });

  it('starts cross-entropy from dZ = A − Y, without a dA at the output', () => {
    const { steps } = explainImage(net, x, 3, 'cross-entropy');
    expect(steps.map((s) => s.name)).not.toContain('dA3');
    expect(byName(steps, 'dZ3').formula).toBe('dZ3 = A3 − Y');
  });

  it('has one dense layer and no mask for a network without hidden layers', () => {
    const flat = seededNetwork([784, 10], [], { dtype: 'float32' });
    const { steps } = explainImage(flat, x, 0, 'cross-entropy');
    expect(steps.map((s) => `${s.name} ${s.shape.join('×')}`)).toEqual([
      'X 784×1',
      'Z1 10×1',
      'A1 10×1',
      'Y 10×1',
      'L 1',
      'dZ1 10×1',
      'dW1 10×784',
      'db1 10×1',
    ]);
    expect(byName(steps, 'A1').formula).toBe('A1 = softmax(Z1)');
  });

  it('covers three hidden layers, each with its mask', () => {
    const deep = seededNetwork([784, 32, 16, 12, 10], ['tanh', 'sigmoid', 'leaky-relu']);
    const { steps } = explainImage(deep, imageFor(deep), 9, 'mse');
    const backward = steps.filter((s) => s.phase === 'backward').map((s) => s.name);
    expect(backward).toEqual(
      [
        'dA4',
        'dZ4',
        'dW4',
        'db4',
        'dA3',
        "g'(Z3)",
        'dZ3',
        'dW3',
        'db3',
        'dA2',
        "g'(Z2)",
        'dZ2',
      ].concat(['dW2', 'db2', 'dA1', "g'(Z1)", 'dZ1', 'dW1', 'db1']),
    );
    expect(byName(steps, 'dW4').shape).toEqual([10, 12]);
    expect(byName(steps, "g'(Z1)").formula).toBe("g'(Z1) = tanh'(Z1) = 1 − A1²");
  });

  it('lists the largest magnitudes of each step first', () => {
    const { steps } = explainImage(net, x, 3, 'mse');
    const dW1 = byName(steps, 'dW1');
    expect(dW1.top).toHaveLength(10);
    const mags = dW1.top.map((i) => Math.abs(dW1.values[i]));
    expect(mags[0]).toBe(maxAbs(dW1.values));
    expect([...mags].sort((a, b) => b - a)).toEqual(mags);
    expect(byName(steps, 'L').top).toEqual([0]);
  });

  it('says what it is of: orientation, dropout off, one image without L2', () => {
    expect(EXPLANATION_NOTES.join(' ')).toMatch(/transposed.*Dropout is off.*without any L2/s);
  });

  it('refuses an image of the wrong size and a label that is no class', () => {
    expect(() => explainImage(net, new Float32Array(100), 3, 'mse')).toThrow(
      'the image has 100 values, the network reads 784',
    );
    expect(() => explainImage(net, x, 10, 'mse')).toThrow('label 10 is not a class from 0 to 9');
  });
});

/** The values of every step in a float32 network equal what the core computes for the image. */
function expectCoreValues(net: Network, x: Float64Array, label: number, lossName: LossName): void {
  const e = explainImage(net, x, label, lossName);
  const grads = coreGradients(net, x, label, lossName);
  net.layers.forEach((layer, i) => {
    const l = i + 1;
    const dW = coreLayout(byName(e.steps, `dW${l}`));
    const db = byName(e.steps, `db${l}`).values;
    const w = grads.subarray(
      layer.parameters[0].offset,
      layer.parameters[0].offset + layer.w.length,
    );
    const b = grads.subarray(
      layer.parameters[1].offset,
      layer.parameters[1].offset + layer.b.length,
    );
    expectAllClose(dW, w, 1e-6 * maxAbs(w));
    expectAllClose(db, b, 1e-6 * maxAbs(b));
  });
  const logits = logitsOf(net, x);
  expectAllClose(byName(e.steps, `Z${net.layers.length}`).values, logits, 1e-6 * maxAbs(logits));
  expect(e.lossValue).toBeCloseTo(lossOf(net, x, label, lossName), 6);
  expect(byName(e.steps, 'L').values).toEqual([e.lossValue]);
}

describe("explainImage: the numbers are the core's backward pass for the image", () => {
  for (const lossName of LOSSES)
    it(`${lossName}, 784-32-16-10 in float32`, () => {
      const net = seededNetwork([784, 32, 16, 10], ['relu', 'relu'], { dtype: 'float32' });
      expectCoreValues(net, imageFor(net), 7, lossName);
    });

  it('with dropout in the network: it passes everything through, as when predicting', () => {
    const sizes = [784, 32, 16, 10];
    const net = seededNetwork(sizes, ['relu', 'relu'], { dtype: 'float32', dropout: 0.5 });
    const plain = seededNetwork(sizes, ['relu', 'relu'], { dtype: 'float32' });
    plain.params.set(net.params);
    const x = imageFor(net);
    const withDropout = explainImage(net, x, 2, 'mse').steps;
    expect(withDropout).toEqual(explainImage(plain, x, 2, 'mse').steps);
  });

  it('holds the identities between steps: dZ = dA ⊙ g′(Z), dA = Wᵀ·dZ, db = dZ, the output dZ', () => {
    const net = seededNetwork([784, 32, 16, 10], ['sigmoid', 'relu']);
    const x = imageFor(net);
    for (const lossName of LOSSES) {
      const { steps } = explainImage(net, x, 4, lossName);
      const v = (name: string): readonly number[] => byName(steps, name).values;
      for (const l of [1, 2]) {
        expectAllClose(
          v(`dZ${l}`),
          v(`dA${l}`).map((d, i) => d * v(`g'(Z${l})`)[i]),
          1e-15,
        );
        const next = net.layers[l]; // layer l + 1, weights (IN, OUT)
        const back = Array.from({ length: next.inSize }, (_, i) =>
          v(`dZ${l + 1}`).reduce((s, dz, o) => s + next.w[i * next.outSize + o] * dz, 0),
        );
        expectAllClose(v(`dA${l}`), back, 1e-12);
      }
      for (const l of [1, 2, 3]) expect(v(`db${l}`)).toEqual(v(`dZ${l}`));
      const a = v('A3');
      const y = v('Y');
      if (lossName === 'cross-entropy')
        expectAllClose(
          v('dZ3'),
          a.map((p, c) => p - y[c]),
          1e-15,
        );
      else {
        const dA = v('dA3');
        expectAllClose(
          dA,
          a.map((p, c) => 2 * (p - y[c])),
          1e-15,
        );
        const aDotDa = a.reduce((s, p, c) => s + p * dA[c], 0);
        expectAllClose(
          v('dZ3'),
          a.map((p, c) => p * (dA[c] - aDotDa)),
          1e-15,
        );
      }
    }
  });
});

/** Relative error of every dW and db of the explanation against central differences of the loss,
 * at parameter indices `pick(layer)` of each layer (all when not given). */
function worstAgainstDifferences(
  net: Network,
  x: Float64Array,
  label: number,
  lossName: LossName,
  pick?: (count: number) => number[],
): number {
  const { steps } = explainImage(net, x, label, lossName);
  const f = (): number => lossOf(net, x, label, lossName);
  let worst = 0;
  net.layers.forEach((layer, i) => {
    const l = i + 1;
    const dW = coreLayout(byName(steps, `dW${l}`));
    const db = byName(steps, `db${l}`).values;
    for (const [analytic, value] of [
      [dW, layer.w],
      [db, layer.b],
    ] as const) {
      const indices = pick?.(value.length) ?? Array.from({ length: value.length }, (_, k) => k);
      for (const k of indices)
        worst = Math.max(worst, relativeError(analytic[k], slope(f, value, k)));
    }
  });
  return worst;
}

describe('explainImage: dW and db match central finite differences of the loss (float64)', () => {
  for (const activation of ACTIVATIONS)
    for (const lossName of LOSSES)
      it(`${activation}, ${lossName}, 12-7-5-4: every parameter`, () => {
        const net = seededNetwork([12, 7, 5, 4], [activation, activation]);
        expect(worstAgainstDifferences(net, imageFor(net), 2, lossName)).toBeLessThan(
          GRADCHECK_TOLERANCE,
        );
      });

  for (const lossName of LOSSES)
    it(`relu, ${lossName}, 784-32-16-10: every weight of layers 2–3, every 13th of layer 1`, () => {
      const net = seededNetwork([784, 32, 16, 10], ['relu', 'relu']);
      const x = imageFor(net);
      // Most of dW1 is zero (blank pixels): take the non-zero inputs' weights, every 13th.
      const pick = (count: number): number[] =>
        count === 784 * 32
          ? Array.from({ length: count }, (_, k) => k).filter(
              (k) => x[Math.floor(k / 32)] !== 0 && k % 13 === 0,
            )
          : Array.from({ length: count }, (_, k) => k);
      expect(worstAgainstDifferences(net, x, 5, lossName, pick)).toBeLessThan(GRADCHECK_TOLERANCE);
    });
});

describe('largest', () => {
  it('lists the indices of the largest magnitudes, largest first, lower index first on ties', () => {
    expect(largest([0.5, -3, 2, 0, -2, 3, 1], 4)).toEqual([1, 5, 2, 4]);
    expect(largest([1, -1], 5)).toEqual([0, 1]);
    expect(largest([], 3)).toEqual([]);
  });

  it('agrees with sorting every index by magnitude', () => {
    const values = Array.from({ length: 500 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const sorted = values
      .map((_, i) => i)
      .sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
    expect(largest(values, 10)).toEqual(sorted.slice(0, 10));
  });
});

describe('inputFromPixels', () => {
  it('reads each byte p as p/255, as training does', () => {
    const input = inputFromPixels(Uint8Array.of(0, 255, 51, 128));
    expect(input).toBeInstanceOf(Float32Array);
    expect(Array.from(input)).toEqual([0, 1, 0.2, 128 / 255].map(Math.fround));
  });
});

describe('explainImage: a 3-2-2 network worked by hand', () => {
  // W1 (in, out) = [[0.1, −0.2], [0.4, 0.5], [−0.3, 0.2]], b1 = [−0.2, −0.1],
  // W2 (in, out) = [[1, −1], [0.5, 2]], b2 = [0, 0.5], ReLU; x = [1, 2, 3], label 1, cross-entropy:
  //   Z1 = [−0.2, 1.3], A1 = [0, 1.3], Z2 = [0.65, 3.1], A2 = softmax(Z2), p0 = A2[0]
  //   dZ2 = A2 − Y = [p0, −p0]               dW2 (out, in) = dZ2 · A1ᵀ = [[0, 1.3 p0], [0, −1.3 p0]]
  //   dA1 = W2ᵀ·dZ2 = [p0 + p0, 0.5 p0 − 2 p0] = [2 p0, −1.5 p0]
  //   g'(Z1) = [0, 1]   dZ1 = [0, −1.5 p0]   dW1 (out, in) = dZ1 · Xᵀ = [[0, 0, 0], −1.5 p0 · [1, 2, 3]]
  const net = seededNetwork([3, 2, 2], ['relu']);
  net.params.set([0.1, -0.2, 0.4, 0.5, -0.3, 0.2, -0.2, -0.1, 1, -1, 0.5, 2, 0, 0.5]);
  const { steps } = explainImage(net, [1, 2, 3], 1, 'cross-entropy');
  const p0 = 1 / (1 + Math.exp(3.1 - 0.65));
  const expected: Record<string, number[]> = {
    Z1: [-0.2, 1.3],
    A1: [0, 1.3],
    Z2: [0.65, 3.1],
    A2: [p0, 1 - p0],
    dZ2: [p0, -p0],
    dW2: [0, 1.3 * p0, 0, -1.3 * p0],
    db2: [p0, -p0],
    dA1: [2 * p0, -1.5 * p0],
    "g'(Z1)": [0, 1],
    dZ1: [0, -1.5 * p0],
    dW1: [0, 0, 0, -1.5 * p0, -3 * p0, -4.5 * p0],
    db1: [0, -1.5 * p0],
  };
  for (const [name, values] of Object.entries(expected))
    it(`${name} = ${byName(steps, name).formula.split(' = ').slice(1).join(' = ')}`, () =>
      expectAllClose(byName(steps, name).values, values, 1e-12));
});
