// Configs as display rows: the augmentation setting.

import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { augmentationText, configSettings, diffConfigs } from '../../src-core/config-diff.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { SETTING_NAMES, SETTINGS } from '../../src-core/settings.ts';

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
    [
      'stroke thickening',
      { rotation: 0, scale: 0, shift: 1.5, shear: 0, elastic: false, thickness: 0.45 },
      'shift ±1.5 px, thicken 0–0.45',
    ],
    [
      'stroke thickening at 0',
      { rotation: 6, scale: 0, shift: 0, shear: 0, elastic: false, thickness: 0 },
      'rotate ±6°',
    ],
    [
      'only stroke thickening',
      { rotation: 0, scale: 0, shift: 0, shear: 0, elastic: false, thickness: 1 },
      'thicken 0–1',
    ],
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

  it('read augmentation saved before stroke thickening existed as thickening 0', () => {
    const thick = { ...PRESETS.quick, augmentation: { ...DEFAULT_AUGMENTATION, thickness: 0 } };
    const old = { ...PRESETS.quick, augmentation: DEFAULT_AUGMENTATION };
    expect(diffConfigs([old, thick]).some((r) => r.differs)).toBe(false);
    expect(diffConfigs([old, PRESETS.best]).find((r) => r.setting === 'augmentation')).toEqual({
      setting: 'augmentation',
      values: [
        'rotate ±12°, scale ±12%, shift ±2.5 px, shear ±0.15',
        'rotate ±6°, scale ±6%, shift ±1.25 px, shear ±0.08, thicken 0–0.45',
      ],
      differs: true,
    });
  });
});

describe('configSettings', () => {
  it('has one row per setting of the table, in its order, named by the table', () => {
    expect(configSettings(PRESETS.quick).map(([setting]) => setting)).toEqual(
      SETTING_NAMES.map((name) => SETTINGS[name].row),
    );
  });

  it('shows "–" for a setting the config does not use', () => {
    const row = (c: typeof PRESETS.quick) => configSettings(c).find(([s]) => s === 'momentum');
    expect(row(PRESETS.quick)).toEqual(['momentum', '–']);
    expect(row({ ...PRESETS.quick, optimizer: 'momentum' })).toEqual(['momentum', '0.9']);
  });
});

describe('configSettings of a setting the config leaves out', () => {
  it('reads an absent optional number (dropout, saved before it existed) as its default, never "undefined"', () => {
    for (const name of ['article', 'quick', 'best'] as const) {
      const texts = configSettings(PRESETS[name]).map(([, text]) => text);
      expect(texts).not.toContain('undefined');
    }
    const row = configSettings(PRESETS.quick).find(([setting]) => setting === SETTINGS.dropout.row);
    expect(row?.[1]).toBe('0');
  });
});
