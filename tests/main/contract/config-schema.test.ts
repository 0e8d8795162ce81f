// The runtime schemas for what crosses a process boundary: a config with or without
// augmentation, and the epoch message with its gradient norms.

import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../../src-core/augment.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { trainConfigSchema } from '../../../src-main/contract/config-schema.ts';
import { fromWorkerSchema } from '../../../src-main/contract/worker-messages.ts';

describe('trainConfigSchema', () => {
  it.each([
    ['without augmentation, as runs saved before it were', PRESETS.quick],
    ['with augmentation null', { ...PRESETS.quick, augmentation: null }],
    ['with augmentation', { ...PRESETS.quick, augmentation: DEFAULT_AUGMENTATION }],
    [
      'with stroke thickening',
      { ...PRESETS.quick, augmentation: { ...DEFAULT_AUGMENTATION, thickness: 0.45 } },
    ],
    ['of the best preset', PRESETS.best],
  ])('accepts a config %s', (_, config) => {
    expect(trainConfigSchema.parse(config)).toEqual(config);
  });

  it.each([
    ['a distortion that is not a number', { ...DEFAULT_AUGMENTATION, rotation: '12' }],
    ['a missing elastic', { rotation: 1, scale: 0, shift: 0, shear: 0 }],
    ['an unknown distortion', { ...DEFAULT_AUGMENTATION, flip: true }],
    ['a stroke thickening that is not a number', { ...DEFAULT_AUGMENTATION, thickness: '0.5' }],
    ['a null stroke thickening', { ...DEFAULT_AUGMENTATION, thickness: null }],
    ['a boolean', true],
  ])('refuses augmentation with %s', (_, augmentation) => {
    const parsed = trainConfigSchema.safeParse({ ...PRESETS.quick, augmentation });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path[0]).toBe('augmentation');
  });
});

describe('the epoch message', () => {
  const epoch = {
    type: 'epoch',
    epoch: 1,
    epochs: 2,
    trainLoss: 0.5,
    trainAccuracy: 0.8,
    validationLoss: null,
    validationAccuracy: null,
    learningRate: 0.01,
    seconds: 1,
    samplesPerSecond: 1000,
    gradientNorms: [0.01, 0.1, 0.5],
    weights: new Float32Array(3),
  };

  it('carries one gradient norm per layer', () => {
    expect(fromWorkerSchema.parse(epoch)).toEqual(epoch);
  });

  it.each([
    ['without gradient norms', { ...epoch, gradientNorms: undefined }],
    ['with a NaN norm', { ...epoch, gradientNorms: [0.1, NaN] }],
  ])('is refused %s', (_, message) => {
    expect(fromWorkerSchema.safeParse(message).success).toBe(false);
  });
});
