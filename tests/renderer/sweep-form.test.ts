import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { GROUP_LIMITS } from '../../src-core/sweep.ts';
import {
  fieldOfGroup,
  newAxis,
  readAxis,
  readGroup,
  readSeeds,
  runCountText,
  sweepableSettings,
  type AxisField,
  type GroupForm,
} from '../../src-renderer/views/new-run/sweep-form.ts';

const MNIST = { rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000 };
const axis = (setting: AxisField['setting'], text: string, chosen: string[] = []): AxisField => ({
  setting,
  text,
  chosen,
});

describe('readAxis', () => {
  it('reads a comma list of numbers, blanks and spaces ignored', () => {
    expect(readAxis(axis('learningRate', ' 0.0005, 0.001,0.002, '))).toEqual({
      values: [0.0005, 0.001, 0.002],
    });
  });

  it('names the first value that is not a number, or not a valid value, by its place', () => {
    expect(readAxis(axis('learningRate', '0.001, 1e-, 0.1'))).toEqual({
      error: 'Value 2: "1e-" is not a number.',
    });
    const refused = readAxis(axis('dropout', '0.1, 0.95'));
    expect(refused).toHaveProperty('error');
    expect((refused as { error: string }).error).toMatch(/^Value 2 \(0\.95\): Must be/);
    expect(readAxis(axis('batchSize', '32, 6.5'))).toMatchObject({
      error: expect.stringMatching(/^Value 2 \(6\.5\): Must be a whole number/) as string,
    });
  });

  it('takes the word of a setting among its numbers: a full batch', () => {
    expect(readAxis(axis('batchSize', '32, Full'))).toEqual({ values: [32, 'full'] });
  });

  it('reads networks separated by ";" or lines, sizes by commas, and "none"', () => {
    expect(readAxis(axis('layers', '128,64; 256\n none'))).toEqual({
      values: [[128, 64], [256], []],
    });
    expect(readAxis(axis('layers', '128, x'))).toEqual({ error: 'Value 1: "x" is not a number.' });
  });

  it('reads ticked options in the table’s order, and asks for one when none is', () => {
    expect(readAxis(axis('optimizer', '', ['adam', 'sgd']))).toEqual({ values: ['sgd', 'adam'] });
    expect(readAxis(axis('optimizer', '', []))).toEqual({ error: 'Tick at least one option.' });
    expect(readAxis(axis('learningRate', ' , '))).toEqual({ error: 'Enter at least one value.' });
  });
});

describe('the settings a sweep offers', () => {
  it('are those typed as numbers, networks or options that the config uses, never the seed', () => {
    const offered = sweepableSettings(PRESETS.quick);
    expect(offered).toContain('learningRate');
    expect(offered).toContain('batchSize');
    expect(offered).toContain('layers');
    expect(offered).toContain('optimizer');
    expect(offered).not.toContain('seed');
    expect(offered).not.toContain('schedule');
    expect(offered).not.toContain('augmentation');
    expect(offered).not.toContain('activations');
    expect(offered).not.toContain('momentum'); // Quick trains with Adam
    expect(sweepableSettings({ ...PRESETS.quick, optimizer: 'momentum' })).toContain('momentum');
  });

  it('start from the config’s own value', () => {
    expect(newAxis('learningRate', PRESETS.quick).text).toBe(String(PRESETS.quick.learningRate));
    expect(newAxis('layers', PRESETS.quick).text).toBe(PRESETS.quick.layers.join(','));
    expect(newAxis('optimizer', PRESETS.quick).chosen).toEqual([PRESETS.quick.optimizer]);
  });
});

describe('seeds and the run count', () => {
  it('takes 1 to the limit of seeds', () => {
    expect(readSeeds('3')).toEqual({ seeds: 3 });
    for (const bad of ['0', '', '2.5', String(GROUP_LIMITS.seeds + 1)])
      expect(readSeeds(bad)).toHaveProperty('error');
  });

  it('says how many runs and of what', () => {
    const axes = [
      { setting: 'learningRate', values: [0.0005, 0.001, 0.002] },
      { setting: 'batchSize', values: [32, 64] },
    ];
    expect(runCountText(2, axes)).toEqual({ runs: 12, text: '12 runs: 3 lr × 2 batch × 2 seeds' });
    expect(runCountText(1, [])).toEqual({ runs: 1, text: '1 run: 1 seed' });
  });
});

describe('readGroup', () => {
  const form = (seeds: string, axes: AxisField[]): GroupForm => ({ seeds, axes });

  it('gives the request’s seeds and axes for a valid sweep', () => {
    const read = readGroup(
      form('2', [axis('learningRate', '0.001, 0.002'), axis('batchSize', '32,64')]),
      PRESETS.quick,
      MNIST,
    );
    expect(read.errors.size).toBe(0);
    expect(read.runs).toBe(8);
    expect(read.group).toEqual({
      seeds: 2,
      axes: [
        { setting: 'learningRate', values: [0.001, 0.002] },
        { setting: 'batchSize', values: [32, 64] },
      ],
    });
  });

  it('refuses more runs than a group holds, with the count, on the sweep as a whole', () => {
    const values = Array.from({ length: 11 }, (_, i) => (i + 1) / 1000).join(',');
    const read = readGroup(form('10', [axis('learningRate', values)]), PRESETS.quick, MNIST);
    expect(read.group).toBeNull();
    expect(read.countText).toBe('110 runs: 11 lr × 10 seeds');
    expect(read.errors.get('axes')).toBe(
      `That is 110 runs; a repeat or sweep holds at most ${GROUP_LIMITS.runs}.`,
    );
  });

  it('puts a value given twice, or a combination the settings refuse, by its setting', () => {
    const twice = readGroup(form('1', [axis('l2', '0, 0.001, 0')]), PRESETS.quick, MNIST);
    expect(twice.errors.get('axes[0]')).toBe('This value is given twice.');
    // Full-batch gradient descent with batches of 32: the batch size sweep is at fault.
    const article = { ...PRESETS.quick, optimizer: 'gd' as const, batchSize: 'full' as const };
    const refused = readGroup(form('1', [axis('batchSize', 'full, 32')]), article, MNIST);
    expect(refused.errors.get('axes[0]')).toMatch(/^With batch 32: optimizer gd is full-batch/);
  });

  it('checks every run against the dataset: validation images beyond a small one', () => {
    const small = { rows: 28, cols: 28, trainCount: 900, testCount: 100 };
    const read = readGroup(form('1', [axis('validation', '100, 1000')]), PRESETS.quick, small);
    expect(read.errors.get('axes[0]')).toMatch(
      /^Validation 1000 · seed 1: must be less than the 900 training images/,
    );
  });

  it('reads seeds and values even while the rest of the form is wrong', () => {
    const read = readGroup(form('3', []), null, MNIST);
    expect(read).toMatchObject({ group: null, runs: 3, countText: '3 runs: 3 seeds' });
    expect(read.errors.size).toBe(0);
  });
});

describe('fieldOfGroup', () => {
  const sweep: GroupForm = { seeds: '2', axes: [axis('learningRate', ''), axis('batchSize', '')] };
  it('puts the API’s fields by their inputs', () => {
    expect(fieldOfGroup('seeds', sweep)).toBe('seeds');
    expect(fieldOfGroup('axes[1].values[0]', sweep)).toBe('axes[1]');
    expect(fieldOfGroup('axes.0.values.2', sweep)).toBe('axes[0]');
    expect(fieldOfGroup('axes', sweep)).toBe('axes');
    expect(fieldOfGroup('config.batchSize', sweep)).toBe('axes[1]');
    expect(fieldOfGroup('config.epochs', sweep)).toBe('epochs');
    expect(fieldOfGroup('layers[1]', sweep)).toBe('layers[1]');
    expect(fieldOfGroup('dataset', sweep)).toBe('datasetId');
    expect(fieldOfGroup('somethingElse', sweep)).toBeNull();
  });
});
