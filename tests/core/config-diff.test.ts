// Configs as display rows: the augmentation setting.

import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { augmentationText, configSettings, diffConfigs } from '../../src-core/config-diff.ts';
import { PRESETS } from '../../src-core/presets.ts';

describe('augmentationText', () => {
  it.each([
    ['absent', undefined, 'off'],
    ['null', null, 'off'],
    ['the default', DEFAULT_AUGMENTATION, 'rotate ±12°, scale ±12%, shift ±2.5 px, shear ±0.15'],
    [
      'everything',
      { rotation: 10, scale: 0.1, shift: 2, shear: 0.1, elastic: true },
      'rotate ±10°, scale ±10%, shift ±2 px, shear ±0.1, elastic',
    ],
    [
      'only some',
      { rotation: 0, scale: 0.07, shift: 0, shear: 0, elastic: true },
      'scale ±7%, elastic',
    ],
    ['nothing', { rotation: 0, scale: 0, shift: 0, shear: 0, elastic: false }, 'no distortion'],
  ])('%s: %s', (_, augmentation, text) => {
    expect(augmentationText(augmentation)).toBe(text);
  });
});

describe('configSettings and diffConfigs', () => {
  it('list the augmentation, and flag it when runs differ in it', () => {
    const plain = { ...PRESETS.quick, augmentation: null };
    const distorted = { ...PRESETS.quick, augmentation: DEFAULT_AUGMENTATION };
    expect(configSettings(plain)).toContainEqual(['augmentation', 'off']);
    const rows = diffConfigs([plain, distorted]);
    expect(rows.filter((r) => r.differs).map((r) => r.setting)).toEqual(['augmentation']);
    // A config saved before augmentation existed reads as off, the same as null.
    const { augmentation: _, ...old } = plain;
    expect(diffConfigs([old, plain]).some((r) => r.differs)).toBe(false);
  });
});
