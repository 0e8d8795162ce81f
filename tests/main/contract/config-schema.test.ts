// The runtime schemas for what crosses a process boundary: a config with or without
// augmentation, and the epoch message with its gradient norms.

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_AUGMENTATION } from '../../../src-core/augment.ts';
import type { TrainConfig } from '../../../src-core/config.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { trainConfigSchema } from '../../../src-main/contract/config-schema.ts';
import { fromWorkerSchema } from '../../../src-main/contract/worker-messages.ts';

/** true only when A and B are the same type, readonly and optional marks included. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Checked by `tsc -p tests`: a field in TrainConfig but not in the table of settings (so not in
// the schema), or the other way round, or one typed differently, makes this fail to compile.
const schemaIsTrainConfig: Equal<z.infer<typeof trainConfigSchema>, TrainConfig> = true;

describe('trainConfigSchema', () => {
  it('has the type of TrainConfig, both ways (checked when the tests compile)', () => {
    expect(schemaIsTrainConfig).toBe(true);
  });

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
    trainState: new Uint8Array(8),
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
