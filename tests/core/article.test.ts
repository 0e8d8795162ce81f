// The blog's setup ("article" preset): its network, loss, initialisation and training method.

import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src-core/config.ts';
import { initialize } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Rng } from '../../src-core/rng.ts';

describe('the article preset', () => {
  const article = PRESETS.article;

  it('is 784-32-16-10 with two ReLU hidden layers', () => {
    expect(article.layers).toEqual([32, 16]);
    expect(article.activations).toEqual(['relu', 'relu']);
  });

  it('uses squared error, the article initialiser and full-batch gradient descent', () => {
    expect(article.loss).toBe('mse');
    expect(article.init).toBe('article');
    expect(article.optimizer).toBe('gd');
    expect(article.batchSize).toBe('full');
  });

  it('holds out 1000 images for validation', () => {
    expect(article.validation).toBe(1000);
  });

  it('adds no regularisation or decay the blog did not have', () => {
    expect(article.l2).toBe(0);
    expect(article.schedule).toEqual({ type: 'constant' });
  });

  it('is a valid config', () => {
    expect(() => validateConfig(article)).not.toThrow();
  });
});

describe('the article initialiser', () => {
  const net = new Network({ sizes: [784, 32, 16, 10], activations: ['relu', 'relu'] }, 1);
  initialize(net.layers, 'article', new Rng(1));
  const weights = net.layers.flatMap((l) => Array.from(l.w));
  const biases = net.layers.flatMap((l) => Array.from(l.b));

  it('draws weights from N(0, 1)·0.5: mean ≈ 0, std ≈ 0.5, whatever the layer size', () => {
    const mean = weights.reduce((s, w) => s + w, 0) / weights.length;
    const std = Math.sqrt(weights.reduce((s, w) => s + (w - mean) ** 2, 0) / weights.length);
    expect(weights).toHaveLength(784 * 32 + 32 * 16 + 16 * 10);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.01);
    for (const layer of net.layers) {
      const w = Array.from(layer.w);
      const s = Math.sqrt(w.reduce((acc, v) => acc + v * v, 0) / w.length);
      expect(Math.abs(s - 0.5), `layer ${layer.inSize}→${layer.outSize}`).toBeLessThan(0.1);
    }
  });

  it('draws biases from U(0, 1)·0.5: all in [0, 0.5), mean ≈ 0.25', () => {
    expect(biases).toHaveLength(32 + 16 + 10);
    for (const b of biases) {
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(0.5);
    }
    const mean = biases.reduce((s, b) => s + b, 0) / biases.length;
    expect(Math.abs(mean - 0.25)).toBeLessThan(0.08); // standard error ≈ 0.019
    expect(new Set(biases).size).toBe(biases.length);
  });
});
