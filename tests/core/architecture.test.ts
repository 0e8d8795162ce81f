// A network's sizes and a run's default name, from one place for the API, the CLI, the store
// and the form; and whether a run's settings still equal the preset it was started from.

import { describe, expect, it } from 'vitest';
import { architectureOf, defaultRunName, MNIST_IMAGE } from '../../src-core/architecture.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { presetDiffers } from '../../src-core/preset-diff.ts';

describe('architectureOf', () => {
  it('is a unit per pixel, the hidden layers and ten outputs', () => {
    expect(architectureOf(PRESETS.quick, MNIST_IMAGE)).toEqual([784, 128, 64, 10]);
    expect(architectureOf({ layers: [] }, { rows: 8, cols: 8 })).toEqual([64, 10]);
  });

  it('keeps a layer size a form has not yet read in its place', () => {
    expect(architectureOf({ layers: [32, null] }, MNIST_IMAGE)).toEqual([784, 32, null, 10]);
  });
});

describe('presetDiffers', () => {
  it('is false for the preset itself and true for any changed setting', () => {
    expect(presetDiffers(PRESETS.quick, 'quick')).toBe(false);
    expect(presetDiffers({ ...PRESETS.quick, epochs: 2 }, 'quick')).toBe(true);
    expect(presetDiffers(PRESETS.quick, 'best')).toBe(true);
  });

  it('ignores a setting the config does not use', () => {
    // Adam has no momentum: a different one is no difference.
    expect(presetDiffers({ ...PRESETS.quick, momentum: 0.5 }, 'quick')).toBe(false);
  });

  it('is true for a name that is no preset', () => {
    expect(presetDiffers(PRESETS.quick, 'custom')).toBe(true);
  });
});

describe('defaultRunName', () => {
  it('names the preset the settings equal, or custom, and the sizes', () => {
    expect(defaultRunName('quick', PRESETS.quick, MNIST_IMAGE)).toBe('quick 784-128-64-10');
    expect(
      defaultRunName(
        'quick',
        { ...PRESETS.quick, layers: [32], activations: ['relu'] },
        MNIST_IMAGE,
      ),
    ).toBe('custom 784-32-10');
    expect(defaultRunName(null, PRESETS.article, MNIST_IMAGE)).toBe('custom 784-32-16-10');
  });
});
