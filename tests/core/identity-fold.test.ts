// What the Article notes say of the blog's code, which skips the second ReLU: a hidden layer
// with no activation folds into the next layer. A 784-32-16-10 network with identity second is
// the 784-32-10 network whose output weights are W2·W3 and biases b2·W3 + b3 (the core's
// (in, out) orientation), with 368 parameters more.
import { describe, expect, it } from 'vitest';
import { Network, parameterCount } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { Rng } from '../../src-core/rng.ts';

/** out = a (rows × inner) · b (inner × cols), row-major. */
function product(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  cols: number,
) {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < inner; k++)
      for (let c = 0; c < cols; c++) out[r * cols + c] += a[r * inner + k] * b[k * cols + c];
  return out;
}

describe('a hidden layer without activation', () => {
  it('is the next layer folded in: the same probabilities from one layer fewer', () => {
    const [inputs, first, second, classes] = [12, 5, 4, 3];
    const deep = new Network(
      { sizes: [inputs, first, second, classes], activations: ['relu', 'identity'] },
      2,
      'float64',
    );
    const rng = new Rng(5);
    deep.params.forEach((_, i) => (deep.params[i] = rng.uniform() - 0.5));
    // The deep network's parameters, layer by layer: W (in × out), then b.
    const p = Array.from(deep.params);
    let at = 0;
    const take = (n: number) => p.slice(at, (at += n));
    const [w1, b1] = [take(inputs * first), take(first)];
    const [w2, b2] = [take(first * second), take(second)];
    const [w3, b3] = [take(second * classes), take(classes)];
    const folded = new Network(
      { sizes: [inputs, first, classes], activations: ['relu'] },
      2,
      'float64',
    );
    const b = product(b2, w3, 1, second, classes).map((v, c) => v + b3[c]);
    folded.params.set([...w1, ...b1, ...product(w2, w3, first, second, classes), ...b]);

    const x = Float64Array.from({ length: 2 * inputs }, () => rng.uniform());
    const expected = Array.from(predictProbabilities(folded, x, 2));
    Array.from(predictProbabilities(deep, x, 2)).forEach((v, i) =>
      expect(v).toBeCloseTo(expected[i], 12),
    );
  });

  it('costs the Article network 368 parameters for nothing it could not compute without', () => {
    expect(parameterCount([784, 32, 16, 10]) - parameterCount([784, 32, 10])).toBe(368);
  });
});
