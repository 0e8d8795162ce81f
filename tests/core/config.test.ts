import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { LIMITS } from '../../src-core/limits.ts';
import { PRESET_NAMES, PRESETS } from '../../src-core/presets.ts';
import {
  paramAt,
  rangeText,
  SETTING_NAMES,
  SETTINGS,
  valueProblem,
} from '../../src-core/settings.ts';

const BASE = PRESETS.quick;

/** BASE with some fields replaced, including by values the type would not allow. */
function withFields(patch: Record<string, unknown>): TrainConfig {
  return { ...BASE, ...patch } as unknown as TrainConfig;
}

function configError(config: TrainConfig): ConfigError {
  try {
    validateConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.fail('validateConfig accepted the config');
}

describe('validateConfig accepts', () => {
  it.each(PRESET_NAMES)('the %s preset, returning it unchanged', (name) => {
    expect(validateConfig(PRESETS[name])).toBe(PRESETS[name]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a tiny learning rate', { learningRate: 1e-9 }],
    ['learning rate 100, the largest', { learningRate: 100 }],
    ['momentum 0', { momentum: 0 }],
    ['l2 of 1', { l2: 1 }],
    ['validation 0', { validation: 0 }],
    ['test fraction 0.5', { testFraction: 0.5 }],
    ['seed 0', { seed: 0 }],
    ['seed 2³² − 1', { seed: 0xffffffff }],
    ['sgd with a full batch', { optimizer: 'sgd', batchSize: 'full' }],
    ['gd with a full batch', { optimizer: 'gd', batchSize: 'full' }],
    [
      '8 hidden layers, the most, one of 4096 units (the most), within the parameter cap',
      { layers: [4096, 1024, 512, 64, 64, 64, 64, 64], activations: new Array(8).fill('tanh') },
    ],
    ['a step schedule', { schedule: { type: 'step', every: 3, factor: 1 } }],
    ['a cosine schedule down to 0', { schedule: { type: 'cosine', minFactor: 0 } }],
    ['no augmentation (null)', { augmentation: null }],
    ['the default augmentation', { augmentation: DEFAULT_AUGMENTATION }],
    [
      'augmentation at its limits, elastic',
      { augmentation: { rotation: 180, scale: 0.5, shift: 10, shear: 1, elastic: true } },
    ],
    [
      'augmentation with every distortion at 0',
      { augmentation: { rotation: 0, scale: 0, shift: 0, shear: 0, elastic: false } },
    ],
    ['stroke thickening 0', { augmentation: { ...DEFAULT_AUGMENTATION, thickness: 0 } }],
    [
      'stroke thickening 1, the largest',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: 1 } },
    ],
  ])('%s', (_name, patch) => {
    expect(() => validateConfig(withFields(patch))).not.toThrow();
  });
});

describe('validateConfig rejects, naming the field', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a hidden layer of size 0', { layers: [128, 0] }, 'layers[1]'],
    ['a fractional layer size', { layers: [12.5, 64] }, 'layers[0]'],
    ['a layer over 4096 units', { layers: [4097, 64] }, 'layers[0]'],
    [
      'more than 8 hidden layers',
      { layers: new Array(9).fill(8), activations: new Array(9).fill('relu') },
      'layers',
    ],
    ['layers that are not a list', { layers: 32 }, 'layers'],
    [
      '8 hidden layers of 4096 units (121M parameters)',
      { layers: new Array(8).fill(4096), activations: new Array(8).fill('tanh') },
      'layers',
    ],
    ['fewer activations than layers', { activations: ['relu'] }, 'activations'],
    ['more activations than layers', { activations: ['relu', 'relu', 'relu'] }, 'activations'],
    ['an unknown activation', { activations: ['relu', 'softplus'] }, 'activations[1]'],
    ['an unknown loss', { loss: 'hinge' }, 'loss'],
    ['an unknown initialiser', { init: 'zeros' }, 'init'],
    ['an unknown optimiser', { optimizer: 'rmsprop' }, 'optimizer'],
    ['learning rate 0', { learningRate: 0 }, 'learningRate'],
    ['a negative learning rate', { learningRate: -0.01 }, 'learningRate'],
    ['a learning rate over 100', { learningRate: 101 }, 'learningRate'],
    ['a NaN learning rate', { learningRate: NaN }, 'learningRate'],
    ['an infinite learning rate', { learningRate: Infinity }, 'learningRate'],
    ['a learning rate given as text', { learningRate: '0.1' }, 'learningRate'],
    ['momentum 1', { momentum: 1 }, 'momentum'],
    ['negative momentum', { momentum: -0.1 }, 'momentum'],
    ['batch size 0', { batchSize: 0 }, 'batchSize'],
    ['a fractional batch size', { batchSize: 2.5 }, 'batchSize'],
    ['a batch size other than a number or full', { batchSize: 'half' }, 'batchSize'],
    ['gd with a numeric batch', { optimizer: 'gd', batchSize: 64 }, 'batchSize'],
    ['0 epochs', { epochs: 0 }, 'epochs'],
    ['fractional epochs', { epochs: 1.5 }, 'epochs'],
    ['negative l2', { l2: -0.001 }, 'l2'],
    ['l2 over 1', { l2: 2 }, 'l2'],
    ['a missing schedule', { schedule: null }, 'schedule'],
    ['an unknown schedule type', { schedule: { type: 'linear' } }, 'schedule.type'],
    [
      'a step schedule every 0 epochs',
      { schedule: { type: 'step', every: 0, factor: 0.5 } },
      'schedule.every',
    ],
    [
      'a step schedule with factor 0',
      { schedule: { type: 'step', every: 2, factor: 0 } },
      'schedule.factor',
    ],
    [
      'a step schedule with factor above 1',
      { schedule: { type: 'step', every: 2, factor: 1.5 } },
      'schedule.factor',
    ],
    [
      'a cosine schedule with negative minFactor',
      { schedule: { type: 'cosine', minFactor: -0.1 } },
      'schedule.minFactor',
    ],
    ['a cosine schedule without minFactor', { schedule: { type: 'cosine' } }, 'schedule.minFactor'],
    ['negative validation', { validation: -1 }, 'validation'],
    ['fractional validation', { validation: 10.5 }, 'validation'],
    ['test fraction 0', { testFraction: 0 }, 'testFraction'],
    ['test fraction above 0.5', { testFraction: 0.6 }, 'testFraction'],
    ['a negative seed', { seed: -1 }, 'seed'],
    ['a fractional seed', { seed: 1.5 }, 'seed'],
    ['a seed of 2³²', { seed: 2 ** 32 }, 'seed'],
    ['augmentation that is not an object', { augmentation: 'yes' }, 'augmentation'],
    [
      'a negative rotation',
      { augmentation: { ...DEFAULT_AUGMENTATION, rotation: -1 } },
      'augmentation.rotation',
    ],
    [
      'a rotation over 180°',
      { augmentation: { ...DEFAULT_AUGMENTATION, rotation: 181 } },
      'augmentation.rotation',
    ],
    [
      'a scale of 0.6',
      { augmentation: { ...DEFAULT_AUGMENTATION, scale: 0.6 } },
      'augmentation.scale',
    ],
    [
      'a shift of 11 px',
      { augmentation: { ...DEFAULT_AUGMENTATION, shift: 11 } },
      'augmentation.shift',
    ],
    [
      'a NaN shear',
      { augmentation: { ...DEFAULT_AUGMENTATION, shear: NaN } },
      'augmentation.shear',
    ],
    [
      'a missing shear',
      { augmentation: { rotation: 1, scale: 0, shift: 0, elastic: false } },
      'augmentation.shear',
    ],
    [
      'elastic that is not a boolean',
      { augmentation: { ...DEFAULT_AUGMENTATION, elastic: 1 } },
      'augmentation.elastic',
    ],
    [
      'a negative stroke thickening',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: -0.1 } },
      'augmentation.thickness',
    ],
    [
      'a stroke thickening over 1',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: 1.5 } },
      'augmentation.thickness',
    ],
    [
      'a NaN stroke thickening',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: NaN } },
      'augmentation.thickness',
    ],
    [
      'a stroke thickening that is not a number',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: '0.5' } },
      'augmentation.thickness',
    ],
    [
      'a null stroke thickening',
      { augmentation: { ...DEFAULT_AUGMENTATION, thickness: null } },
      'augmentation.thickness',
    ],
  ])('%s', (_name, patch, field) => {
    const error = configError(withFields(patch));
    expect(error.field).toBe(field);
    expect(error.name).toBe('ConfigError');
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('explains the gd / batch mismatch in terms of the options to pick', () => {
    const error = configError(withFields({ optimizer: 'gd', batchSize: 64 }));
    expect(error.message).toMatch(/gd.*full.*sgd.*64/);
  });

  it('reports the value it got', () => {
    expect(configError(withFields({ loss: 'hinge' })).message).toMatch(/got hinge/);
    expect(configError(withFields({ learningRate: -2 })).message).toMatch(/got -2/);
  });
});

describe('validateConfig reports every problem at once', () => {
  it('lists each bad field in the table’s order, the first one naming the error', () => {
    const error = configError(
      withFields({
        layers: [128, 0],
        learningRate: 0,
        epochs: 1.5,
        schedule: { type: 'step', every: 0, factor: 2 },
        augmentation: { ...DEFAULT_AUGMENTATION, rotation: 200 },
      }),
    );
    expect(error.field).toBe('layers[1]');
    expect(error.errors.map((e) => e.field)).toEqual([
      'layers[1]',
      'learningRate',
      'epochs',
      'schedule.every',
      'schedule.factor',
      'augmentation.rotation',
    ]);
    expect(error.errors[0].message).toBe('must be a whole number from 1 to 4096, got 0');
    expect(error.errors[3].message).toBe('must be a whole number of epochs, 1 or more, got 0');
    expect(error.errors[4].message).toBe('must be a number above 0 to 1, got 2');
  });

  it('checks across settings only when those settings are valid themselves', () => {
    const error = configError(withFields({ optimizer: 'rmsprop', batchSize: 64 }));
    expect(error.errors.map((e) => e.field)).toEqual(['optimizer']);
    const tooLong = configError(
      withFields({ layers: new Array(9).fill(8), activations: ['relu'] }),
    );
    expect(tooLong.errors.map((e) => e.field)).toEqual(['layers']);
  });
});

describe('the table of settings', () => {
  it.each(
    SETTING_NAMES.flatMap((name) => {
      const p = SETTINGS[name].param;
      const leaf = p.kind === 'or' ? p.param : p;
      return leaf.kind === 'real' || leaf.kind === 'int' ? [[name, leaf] as const] : [];
    }),
  )('words the range of %s from its bounds', (name, p) => {
    const outside = p.max === Infinity ? p.min - 1 : p.max + 1;
    const error = configError(withFields({ [name]: outside }));
    expect(error.field).toBe(name);
    expect(error.message).toContain(`${rangeText(p)}, got ${outside}`);
  });

  it('takes its caps from limits.ts', () => {
    expect(paramAt('layers[0]')).toMatchObject({ max: LIMITS.unitsPerLayer });
    expect(SETTINGS.layers.param.maxLength).toBe(LIMITS.hiddenLayers);
    expect(SETTINGS.epochs.param.max).toBe(LIMITS.epochs);
    expect(SETTINGS.batchSize.param.param.max).toBe(LIMITS.batchSize);
  });
});

describe('valueProblem (one setting on its own, e.g. a learning rate changed mid-run)', () => {
  it('holds a value to the same range as a config, in the same words', () => {
    expect(valueProblem('learningRate', 0.5)).toBeNull();
    expect(valueProblem('learningRate', 100)).toBeNull();
    expect(valueProblem('learningRate', 0)).toBe('must be a number above 0 to 100, got 0');
    expect(valueProblem('learningRate', 200)).toBe('must be a number above 0 to 100, got 200');
    expect(valueProblem('learningRate', null)).toMatch(/^must be a number above 0 to 100/);
    expect(configError(withFields({ learningRate: 200 })).message).toContain(
      valueProblem('learningRate', 200),
    );
  });
});
