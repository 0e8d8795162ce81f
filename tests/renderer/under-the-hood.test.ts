// How the step-by-step view and the saliency map show the core's numbers: names and shapes in
// the blog's notation, the layout of every step's heatmap for a real network's explanation,
// arrow keys, and the saliency overlay's colours.
import { describe, expect, it } from 'vitest';
import { explainImage, type ExplainStep } from '../../src-core/explain.ts';
import { Network } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';
import {
  entryName,
  heatmapLayout,
  shapeText,
  stepHelp,
  stepKey,
  topEntries,
  valueText,
} from '../../src-renderer/views/under-the-hood/step-view.ts';
import {
  saliencyCaption,
  saliencyPixels,
} from '../../src-renderer/views/under-the-hood/saliency-view.ts';

const step = (name: string, shape: number[], values: number[], top: number[] = []) =>
  ({ name, phase: 'forward', formula: '', shape, values, top }) as ExplainStep;

describe('a step as the view shows it', () => {
  it('writes shapes as the blog does, and the loss as a number', () => {
    expect(shapeText([32, 1])).toBe('(32, 1)');
    expect(shapeText([10, 16])).toBe('(10, 16)');
    expect(shapeText([1])).toBe('(1), a single number');
  });

  it('names values from 0 as numpy does, by row and column in a matrix', () => {
    expect(entryName(step('Z3', [10, 1], []), 7)).toBe('Z3[7]');
    expect(entryName(step('dW2', [16, 32], []), 33)).toBe('dW2[1, 1]');
    expect(entryName(step('L', [1], []), 0)).toBe('L');
    expect(() => entryName(step('dW2', [16, 32], []), 512)).toThrow('dW2 has no value 512');
  });

  it('lists the largest values by name', () => {
    const s = step('db1', [3, 1], [0.1, -0.5, 0.2], [1, 2, 0]);
    expect(topEntries(s)).toEqual([
      { name: 'db1[1]', value: -0.5 },
      { name: 'db1[2]', value: 0.2 },
      { name: 'db1[0]', value: 0.1 },
    ]);
  });

  it('writes values with 4 digits, a true minus, and exponents for tiny gradients', () => {
    expect(valueText(-0.123456)).toBe('−0.1235');
    expect(valueText(3.2e-7)).toBe('3.20e−7');
    expect(valueText(0)).toBe('0');
  });

  it('lays out every step of a real explanation: X as 28×28, columns as strips, W as itself', () => {
    const net = new Network({ sizes: [784, 8, 6, 10], activations: ['relu', 'tanh'] }, 1);
    const rng = new Rng(3);
    net.params.forEach((_, i) => (net.params[i] = rng.uniform() - 0.5));
    const input = Float32Array.from({ length: 784 }, (_, i) => (i % 7) / 7);
    const { steps } = explainImage(net, input, 4, 'mse');
    const layouts = Object.fromEntries(steps.map((s) => [s.name, heatmapLayout(s)]));
    expect(layouts.X).toEqual({ rows: 28, cols: 28 });
    expect(layouts.Z1).toEqual({ rows: 1, cols: 8 });
    expect(layouts.dW1).toEqual({ rows: 8, cols: 784 });
    expect(layouts.dW3).toEqual({ rows: 10, cols: 6 });
    expect(layouts.L).toBeNull();
    for (const s of steps) {
      const layout = heatmapLayout(s);
      if (layout !== null) expect(layout.rows * layout.cols, s.name).toBe(s.values.length);
      expect(stepHelp(s.name), s.name).not.toBe('');
    }
  });

  it('moves with the arrow keys, Home and End, and stays within the steps', () => {
    expect(stepKey('ArrowRight', 0, 5)).toBe(1);
    expect(stepKey('ArrowRight', 4, 5)).toBe(4);
    expect(stepKey('ArrowLeft', 0, 5)).toBe(0);
    expect(stepKey('End', 1, 5)).toBe(4);
    expect(stepKey('Home', 3, 5)).toBe(0);
    expect(stepKey('a', 3, 5)).toBeNull();
  });
});

describe('the saliency overlay', () => {
  const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(4 * i, 4 * i + 4));

  it('shows the image in grey where the gradient is 0, full red or blue at the strongest', () => {
    const rgba = saliencyPixels([0, 1, 1, 0], [0, 0, 2, -2], 2);
    expect(pixel(rgba, 0)).toEqual([250, 250, 250, 255]);
    expect(pixel(rgba, 1)).toEqual([120, 120, 120, 255]);
    expect(pixel(rgba, 2)).toEqual([178, 24, 43, 255]);
    expect(pixel(rgba, 3)).toEqual([33, 102, 172, 255]);
  });

  it('refuses a map that does not fit its image', () => {
    expect(() => saliencyPixels([0, 0], [1], 1)).toThrow('1 gradient values for an image of 2');
  });

  it('says what the colours mean for one digit and for two', () => {
    expect(saliencyCaption(3, null)).toContain('raise the score of 3');
    expect(saliencyCaption(4, 9)).toContain('make 4 more likely than 9');
  });
});
