import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src-core/activations.ts';
import { GRADCHECK_TOLERANCE, relativeError } from '../../src-core/gradcheck.ts';
import type { Network } from '../../src-core/network.ts';
import { saliency } from '../../src-core/saliency.ts';
import { imageFor, logitsOf, seededNetwork, slope } from '../fixtures/core/explain-networks.ts';

/** Worst relative error of the map against central differences of Z_L[digit] (− Z_L[versus]). */
function worstAgainstDifferences(net: Network, digit: number, versus: number | null): number {
  const x = imageFor(net);
  const map = saliency(net, x, digit, versus);
  const score = (): number => {
    const z = logitsOf(net, x);
    return z[digit] - (versus === null ? 0 : z[versus]);
  };
  let worst = 0;
  for (let i = 0; i < x.length; i++)
    worst = Math.max(worst, relativeError(map.values[i], slope(score, x, i)));
  return worst;
}

describe('saliency: the gradient of a digit’s score with respect to the inputs', () => {
  for (const activation of ACTIVATIONS)
    it(`matches central finite differences for every input (${activation}, 784-32-16-10, float64)`, () => {
      const net = seededNetwork([784, 32, 16, 10], [activation, activation]);
      expect(worstAgainstDifferences(net, 3, null)).toBeLessThan(GRADCHECK_TOLERANCE);
    });

  it('matches them for "why 3 and not 8", and for networks of one and four dense layers', () => {
    expect(
      worstAgainstDifferences(seededNetwork([784, 32, 16, 10], ['relu', 'relu']), 3, 8),
    ).toBeLessThan(GRADCHECK_TOLERANCE);
    expect(worstAgainstDifferences(seededNetwork([784, 10], []), 0, 1)).toBeLessThan(
      GRADCHECK_TOLERANCE,
    );
    const deep = seededNetwork([784, 32, 16, 12, 10], ['relu', 'tanh', 'sigmoid']);
    expect(worstAgainstDifferences(deep, 9, null)).toBeLessThan(GRADCHECK_TOLERANCE);
  });

  it('is the difference of the two digits’ maps, with max |value| for the colour scale', () => {
    const net = seededNetwork([784, 32, 16, 10], ['relu', 'relu'], { dtype: 'float32' });
    const x = imageFor(net);
    const three = saliency(net, x, 3).values.slice();
    const eight = saliency(net, x, 8).values.slice();
    const versus = saliency(net, x, 3, 8);
    expect(versus.values).toHaveLength(784);
    versus.values.forEach((v, i) => expect(v).toBeCloseTo(three[i] - eight[i], 6));
    expect(versus.maxAbs).toBe(Math.max(...Array.from(versus.values, Math.abs)));
    expect(versus.maxAbs).toBeGreaterThan(0);
    expect({ digit: versus.digit, versus: versus.versus }).toEqual({ digit: 3, versus: 8 });
  });

  it('leaves training unchanged: the network still passes no gradient to its image', () => {
    const net = seededNetwork([784, 32, 10], ['relu'], { dtype: 'float32' });
    saliency(net, imageFor(net), 1);
    expect(net.chain[0].backward(new Float32Array(32), 1)).toBeNull();
  });

  it('refuses a digit that is no class and a digit compared with itself', () => {
    const net = seededNetwork([784, 10], [], { dtype: 'float32' });
    const x = imageFor(net);
    expect(() => saliency(net, x, 10)).toThrow('digit 10 is not a class from 0 to 9');
    expect(() => saliency(net, x, 2, -1)).toThrow('digit -1 is not a class from 0 to 9');
    expect(() => saliency(net, x, 2, 2)).toThrow('cannot compare digit 2 with itself');
  });
});
