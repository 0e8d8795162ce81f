import { describe, expect, it } from 'vitest';
import type { ModelWeights } from '../../src-main/contract/api.ts';
import { Network } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { Rng } from '../../src-core/rng.ts';
import {
  ModelCache,
  networkFromWeights,
  predictDigit,
} from '../../src-renderer/views/draw/model-cache.ts';

/** Random parameters for `sizes`, and the getModel answer that carries them (base64 of the
 * float32 bytes). */
function saved(sizes = [784, 8, 10], activations = ['relu']) {
  const rng = new Rng(3);
  const network = new Network({ sizes, activations: ['relu'] }, 1);
  const values = Float32Array.from(network.params, () => rng.uniform() - 0.5);
  const answer: ModelWeights = {
    kind: 'final',
    epoch: 2,
    sizes,
    activations,
    weights: Buffer.from(values.buffer).toString('base64'),
  };
  return { values, answer };
}
const weights = (sizes?: number[], activations?: string[]) => saved(sizes, activations).answer;

function digit(): Float32Array {
  const rng = new Rng(7);
  return Float32Array.from({ length: 784 }, () => rng.uniform());
}

describe('a model on the drawing pad', () => {
  it('is the saved network, answering the same as the core', () => {
    const { values, answer } = saved();
    const network = networkFromWeights(answer);
    expect(Array.from(network.params)).toEqual(Array.from(values));
    const twin = new Network({ sizes: answer.sizes, activations: ['relu'] }, 1);
    twin.params.set(values);
    const probabilities = predictDigit(network, digit());
    expect(probabilities).toEqual(Array.from(predictProbabilities(twin, digit(), 1)));
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('refuses weights that do not fit, saying why', () => {
    const { values, answer } = saved();
    const short = Buffer.from(values.buffer, 4).toString('base64');
    expect(() => networkFromWeights({ ...answer, weights: short })).toThrow(
      /has 6369 weights, its layers need 6370/,
    );
    expect(() => networkFromWeights({ ...answer, weights: 'AAAAAAA=' })).toThrow(
      /5 bytes, not whole float32 numbers/,
    );
    expect(() => networkFromWeights({ ...answer, activations: ['swish'] })).toThrow(
      /unknown activation "swish"/,
    );
    expect(() => networkFromWeights(weights([100, 8, 10]))).toThrow(/784 inputs/);
  });
});

describe('the model cache', () => {
  it('fetches each model once, however often and however soon it is asked for', async () => {
    const fetched: number[] = [];
    const cache = new ModelCache(async (id) => {
      fetched.push(id);
      return weights();
    });
    const [a, b] = await Promise.all([cache.get(1), cache.get(1)]);
    expect(a).toBe(b);
    expect(await cache.get(1)).toBe(a);
    const other = await cache.get(2);
    expect(other.network).not.toBe(a.network);
    expect(a).toMatchObject({ epoch: 2, kind: 'final' });
    expect(fetched).toEqual([1, 2]);
  });

  it('tries again after a failed fetch', async () => {
    let calls = 0;
    const cache = new ModelCache(async () => {
      if (++calls === 1) throw new Error('run 1 has no saved model yet');
      return weights();
    });
    await expect(cache.get(1)).rejects.toThrow(/no saved model/);
    await expect(cache.get(1)).resolves.toMatchObject({ epoch: 2 });
    expect(calls).toBe(2);
  });
});
