// What a query matches: every setting by its CLI flag, results and facts, tags, and the joins.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { compileQuery, fieldNamed, QUERY_FIELDS, QUERY_HELP } from '../../src-core/query/index.ts';
import {
  SETTING_NAMES,
  SETTINGS,
  settingPaths,
  type SettingName,
} from '../../src-core/settings.ts';
import { testRun, type TestRun } from '../fixtures/core/runs.ts';

const matches = (query: string, run: TestRun): boolean => compileQuery(query)(run);
/** The ids of `runs` the query keeps. */
const ids = (query: string, runs: readonly TestRun[]): number[] =>
  runs.filter(compileQuery(query)).map((r) => r.id);

const quick = testRun(1);
const unfinished = testRun(2, {
  status: 'running',
  testAccuracy: null,
  testLoss: null,
  trainSeconds: null,
});

describe('fields', () => {
  it('names every setting by its CLI flag, and says what each is in the help', () => {
    for (const name of SETTING_NAMES) {
      const flag = SETTINGS[name].cli.flag;
      expect(fieldNamed(flag)?.name, flag).toBe(flag);
      expect(QUERY_HELP).toMatch(new RegExp(`^  ${flag} `, 'm'));
    }
    for (const f of QUERY_FIELDS) expect(QUERY_HELP).toContain(`  ${f.name} `);
  });

  it('names every value inside a setting after its flag: decay.every, augment.rotation', () => {
    const inner = settingPaths().filter((p) => p.includes('.'));
    expect(inner.length).toBeGreaterThanOrEqual(9);
    for (const path of inner) {
      const [top, key] = path.split('.');
      const name = `${SETTINGS[top as SettingName].cli.flag}.${key}`;
      expect(fieldNamed(name)?.name, path).toBe(name);
    }
  });

  it('runs every example the help shows', () => {
    const examples = QUERY_HELP.split('\n').filter((l) => /^ {2}\S.* (=|~|<|>) /.test(l));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) expect(() => compileQuery(example), example).not.toThrow();
  });
});

describe('comparisons', () => {
  it('reads the issue’s example', () => {
    const query = 'optimizer = adam and lr < 0.01 and test > 0.97 and tag:baseline';
    expect(matches(query, testRun(1, { tags: ['baseline'] }))).toBe(true);
    expect(matches(query, testRun(1, { tags: ['other'] }))).toBe(false);
    expect(matches(query, testRun(1, { tags: ['baseline'], testAccuracy: 0.96 }))).toBe(false);
    expect(matches(query, testRun(1, { tags: ['baseline'] }, { learningRate: 0.05 }))).toBe(false);
    expect(matches(query, testRun(1, { tags: ['baseline'] }, { optimizer: 'sgd' }))).toBe(false);
  });

  it('compares numbers with every operator', () => {
    const cases: [string, boolean][] = [
      ['lr = 0.002', true],
      ['lr != 0.002', false],
      ['lr < 0.002', false],
      ['lr <= 0.002', true],
      ['lr > 1e-3', true],
      ['lr >= 0.0021', false],
      ['lr == 0.002', true],
      ['epochs = 12', true],
      ['seed != 1', false],
      ['l2 = 0', true],
      ['validation > 999', true],
      ['test-fraction = 0.1', true],
      ['params > 100000', true],
      ['epochs_done = 12', true],
      ['id = 1', true],
      ['time < 60', true],
      ['test_loss < 0.1', true],
      ['lr < "0.01"', true],
    ];
    for (const [query, expected] of cases) expect(matches(query, quick), query).toBe(expected);
  });

  it('reads test accuracy as a fraction or a percentage', () => {
    expect(matches('test > 0.97', quick)).toBe(true);
    expect(matches('test > 97%', quick)).toBe(true);
    expect(matches('test > 97.6%', quick)).toBe(false);
    expect(matches('test = 97.5%', quick)).toBe(true);
  });

  it('matches no comparison on a value a run lacks, not even !=, but not finds it', () => {
    for (const query of ['test > 0', 'test < 1', 'test != 0.5', 'time >= 0', 'test_loss != 1'])
      expect(matches(query, unfinished), query).toBe(false);
    expect(matches('not test > 0.9', unfinished)).toBe(true);
    expect(matches('status = running', unfinished)).toBe(true);
  });

  it('takes a batch size as a number or full', () => {
    const full = testRun(2, {}, { optimizer: 'gd', batchSize: 'full' });
    expect(ids('batch = full', [quick, full])).toEqual([2]);
    expect(ids('batch = FULL', [quick, full])).toEqual([2]);
    expect(ids('batch = 64', [quick, full])).toEqual([1]);
    expect(ids('batch < 100', [quick, full])).toEqual([1]);
    expect(ids('batch != 64', [quick, full])).toEqual([2]);
    expect(ids('batch != full', [quick, full])).toEqual([1]);
  });

  it('reads optional settings a config lacks at their defaults', () => {
    // The quick preset sets neither dropout, threads nor augmentation.
    expect(matches('dropout = 0', quick)).toBe(true);
    expect(matches('threads = auto', quick)).toBe(true);
    expect(matches('threads = 2', testRun(1, {}, { threads: 2 }))).toBe(true);
    expect(matches('augment = off', quick)).toBe(true);
    expect(
      matches('augment = on', testRun(1, {}, { augmentation: PRESETS.best.augmentation })),
    ).toBe(true);
    expect(matches('augment = off', testRun(1, {}, { augmentation: null }))).toBe(true);
  });

  it('reads the values inside the schedule and the distortions, none where a run has none', () => {
    const step = testRun(2, {}, { schedule: { type: 'step', every: 5, factor: 0.5 } });
    // Distortions saved before stroke thickening existed have none: it reads as 0.
    const old = { rotation: 10, scale: 0.1, shift: 2, shear: 0.1, elastic: true };
    const thick = testRun(3, {}, { augmentation: { ...old, elastic: false, thickness: 0.3 } });
    const runs = [quick, step, thick, testRun(4, {}, { augmentation: old })];
    expect(ids('decay.every = 5 and decay.factor < 1', runs)).toEqual([2]);
    expect(ids('decay.minFactor = 0.05', runs)).toEqual([1, 3, 4]);
    expect(ids('DECAY.MINFACTOR = 0.05', runs)).toEqual([1, 3, 4]);
    expect(ids('decay.every != 5', runs)).toEqual([]);
    expect(ids('augment.rotation = 10', runs)).toEqual([3, 4]);
    expect(ids('augment.rotation < 100', runs)).toEqual([3, 4]);
    expect(ids('augment.thickness = 0', runs)).toEqual([4]);
    expect(ids('augment.thickness > 0.2', runs)).toEqual([3]);
    expect(ids('augment.elastic = true', runs)).toEqual([4]);
  });

  it('reads a momentum its optimizer does not use as no value', () => {
    expect(matches('momentum = 0.9', quick)).toBe(false);
    expect(matches('momentum != 0.5', quick)).toBe(false);
    expect(matches('momentum = 0.9', testRun(1, {}, { optimizer: 'momentum' }))).toBe(true);
  });

  it('compares names without regard to case, and decay by its kind', () => {
    expect(matches('optimizer = ADAM', quick)).toBe(true);
    expect(matches('loss = cross-entropy and init = he', quick)).toBe(true);
    expect(matches('decay = cosine', quick)).toBe(true);
    expect(matches('decay = step', quick)).toBe(false);
    expect(matches('preset = quick', quick)).toBe(true);
    expect(matches('preset != quick', testRun(1, { preset: null }))).toBe(false);
  });

  it('compares layer lists, quoted or not, and finds one layer with ~', () => {
    const none = testRun(2, {}, { layers: [], activations: [] });
    const one = testRun(3, {}, { layers: [128], activations: ['relu'] });
    const runs = [quick, none, one];
    expect(ids('layers = 128,64', runs)).toEqual([1]);
    expect(ids('layers = "128, 64"', runs)).toEqual([1]);
    expect(ids('layers = none', runs)).toEqual([2]);
    expect(ids('layers = 128', runs)).toEqual([3]);
    expect(ids('layers != 128', runs)).toEqual([1, 2]);
    expect(ids('layers ~ 128', runs)).toEqual([1, 3]);
    expect(ids('layers ~ 64', runs)).toEqual([1]);
  });

  it('takes one activation for every layer, or one per layer', () => {
    const mixed = testRun(2, {}, { activations: ['relu', 'tanh'] });
    expect(ids('activation = relu', [quick, mixed])).toEqual([1]);
    expect(ids('activation = relu,tanh', [quick, mixed])).toEqual([2]);
    expect(ids('activation ~ tanh', [quick, mixed])).toEqual([2]);
    expect(ids('activation != relu', [quick, mixed])).toEqual([2]);
  });

  it('compares text without regard to case, ~ finding a part of it', () => {
    const run = testRun(1, { name: 'LR sweep 3', notes: 'Try a warmer start' });
    expect(matches('name = "lr sweep 3"', run)).toBe(true);
    expect(matches("name = 'LR SWEEP 3'", run)).toBe(true);
    expect(matches('name ~ sweep', run)).toBe(true);
    expect(matches('name = sweep', run)).toBe(false);
    expect(matches('name != sweep', run)).toBe(true);
    expect(matches('notes ~ "warmer"', run)).toBe(true);
    expect(matches('dataset = MNIST', run)).toBe(true);
    expect(
      matches(
        'name = Café and dataset ~ ü',
        testRun(1, { name: 'café', datasetName: 'Zürich digits' }),
      ),
    ).toBe(true);
    expect(matches('name ~ "say \\"hi\\""', testRun(1, { name: 'say "hi"' }))).toBe(true);
  });

  it('compares the group id, and finds tags without regard to case', () => {
    const grouped = testRun(2, { groupId: 7, tags: ['Baseline', 'two words'] });
    expect(ids('group = 7', [quick, grouped])).toEqual([2]);
    expect(ids('group != 7', [quick, grouped])).toEqual([]);
    expect(ids('tag:baseline', [quick, grouped])).toEqual([2]);
    expect(ids('tag:"two words"', [quick, grouped])).toEqual([2]);
    expect(ids('tag: two', [quick, grouped])).toEqual([]);
  });
});

describe('joins', () => {
  const a = testRun(1, { name: 'a' });
  const b = testRun(2, { name: 'b' }, { optimizer: 'sgd' });
  const c = testRun(3, { name: 'c', tags: ['x'] }, { optimizer: 'sgd', learningRate: 0.1 });
  const runs = [a, b, c];

  it('binds not before and, and and before or, as SQL does', () => {
    expect(ids('name = a or optimizer = sgd and lr > 0.05', runs)).toEqual([1, 3]);
    expect(ids('(name = a or optimizer = sgd) and lr > 0.05', runs)).toEqual([3]);
    expect(ids('not name = a and not tag:x', runs)).toEqual([2]);
    expect(ids('not (name = a or tag:x)', runs)).toEqual([2]);
    expect(ids('not not tag:x', runs)).toEqual([3]);
    expect(ids('NAME = a OR Tag:X', runs)).toEqual([1, 3]);
    expect(ids('((name=b))', runs)).toEqual([2]);
  });

  it('matches every run with an empty query', () => {
    expect(ids('', runs)).toEqual([1, 2, 3]);
    expect(ids('  \t ', runs)).toEqual([1, 2, 3]);
  });
});
