// compareRuns on a real store: each side's statistics, McNemar's counts equal to a recount of
// the runs' answers image by image, Welch's t-test on groups with hand-computed values, and the
// sentence in every case a test cannot be made.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src-core/config.ts';
import type { Dataset } from '../../../src-core/data/dataset.ts';
import { loadCsv, loadMnist } from '../../../src-main/data/load.ts';
import type { FinalResult, RunRow } from '../../../src-main/contract/rows.ts';
import type { ApiHandler } from '../../../src-main/services/handler.ts';
import { compareSides, type CompareRequest } from '../../../src-main/services/comparison.ts';
import { builtinMnist, datasetForRun } from '../../../src-main/services/datasets.ts';
import { TestPredictions } from '../../../src-main/services/test-predictions.ts';
import { mcnemarExactP } from '../../../src-main/stats/mcnemar.ts';
import { Store } from '../../../src-main/store/store.ts';
import { epochRow, OWNER, RESULT, START, weights } from '../../fixtures/store/builders.ts';
import { silentHandler, smallConfig, smallCsv, tempDir } from './fixtures.ts';
import { recount, rightCount } from './test-answers.ts';

let store: Store;
let handler: ApiHandler;
let predictions: TestPredictions;
let mnist: { id: number; data: Dataset };
let csv: { id: number; data: Dataset };
let dir: string;

beforeAll(() => {
  dir = tempDir('bpl-comparison-');
  store = Store.open(join(dir, 'runs.sqlite'));
  handler = silentHandler(store);
  predictions = new TestPredictions(store);
  mnist = { id: builtinMnist(store).id, data: loadMnist() };
  const path = smallCsv(dir, 300);
  const row = datasetForRun(store, path);
  csv = { id: row.id, data: loadCsv(path, row.name) };
});

afterAll(() => store.close());

const onMnist = smallConfig({ epochs: 1 });
const onCsv = smallConfig({ epochs: 1, validation: 30 });

/** A run taken through one epoch by hand with weights(·, scale), completed with `result`. */
function run(
  datasetId: number,
  config: TrainConfig,
  scale: number,
  result: Partial<FinalResult> | null = {},
  validationLoss = 1.1,
): RunRow {
  const { id, parameters } = store.createRun({
    name: 'r',
    preset: null,
    config,
    datasetId,
    owner: OWNER,
  });
  store.startRun(id, START, OWNER);
  store.addEpoch(id, { ...epochRow(1), validationLoss }, weights(parameters, scale));
  if (result !== null) store.completeRun(id, { ...RESULT, ...result }, weights(parameters, scale));
  return store.getRun(id);
}

const compare = (request: CompareRequest) => compareSides(store, predictions, request);

/** What a run's final weights read right, recounted image by image. */
function answers(r: RunRow, data: Dataset) {
  const model = store.getModel(r.id, 'final');
  if (model === null) throw new Error(`run ${r.id} has no final model`);
  return recount(model, data, r.config);
}

describe('two single runs', () => {
  it('tests the images one reads right and the other wrong, as a recount finds them', () => {
    const a = run(mnist.id, { ...onMnist, seed: 1 }, 1);
    const b = run(mnist.id, { ...onMnist, seed: 2 }, -2);
    const right = { a: answers(a, mnist.data).correct, b: answers(b, mnist.data).correct };
    let onlyA = 0;
    let onlyB = 0;
    let both = 0;
    right.a.forEach((r, i) => {
      if (r && right.b[i]) both++;
      else if (r) onlyA++;
      else if (right.b[i]) onlyB++;
    });
    expect(onlyA + onlyB).toBeGreaterThan(0);
    const c = compare({ a: [a.id], b: [b.id] });
    expect(c.test).toEqual({
      kind: 'mcnemar',
      b: onlyA,
      c: onlyB,
      bothRight: both,
      bothWrong: 10_000 - onlyA - onlyB - both,
      p: mcnemarExactP(onlyA, onlyB),
    });
    expect(onlyA + both).toBe(rightCount(right.a));
    expect(c.sentence).toMatch(
      new RegExp(
        `^B reads ${onlyB} images? right that A misses and A ${onlyA} that B misses: p [=<] [\\d.]+, (unlikely to|could well) be chance\\.$`,
      ),
    );
    expect(c.summary).toBe('final');
    expect(c.a).toMatchObject({ ids: [a.id], leftOut: [] });
    expect(c.a.metrics.map((m) => [m.metric, m.n, m.mean, m.std, m.ci95])).toEqual([
      ['summary', 1, RESULT.testAccuracy, null, null],
      ['testAccuracy', 1, RESULT.testAccuracy, null, null],
      ['testLoss', 1, RESULT.testLoss, null, null],
      ['trainSeconds', 1, RESULT.trainSeconds, null, null],
    ]);
  });

  it('compares runs on a dataset without a test part when they held out the same images', () => {
    const a = run(csv.id, { ...onCsv, seed: 4 }, 1);
    const b = run(csv.id, { ...onCsv, seed: 4, learningRate: 0.1 }, -2);
    const c = compare({ a: [a.id], b: [b.id] });
    expect(c.test?.kind).toBe('mcnemar');
    const test = c.test as { b: number; c: number; bothRight: number; bothWrong: number };
    expect(test.b + test.c + test.bothRight + test.bothWrong).toBe(30);
    const recounted = answers(a, csv.data).correct;
    expect(test.b + test.bothRight).toBe(rightCount(recounted));
  });

  it('says why not when they were tested on different images', () => {
    const heldOut = [run(csv.id, { ...onCsv, seed: 5 }, 1), run(csv.id, { ...onCsv, seed: 6 }, 1)];
    const c = compare({ a: [heldOut[0].id], b: [heldOut[1].id] });
    expect(c.test).toBeNull();
    expect(c.sentence).toMatch(
      /^A and B were tested on different images: their dataset has no test part, so each run held out its own share/,
    );
    const other = compare({ a: [heldOut[0].id], b: [run(mnist.id, onMnist, 1).id] });
    expect(other.test).toBeNull();
    expect(other.sentence).toBe(
      "A and B were tested on different datasets: McNemar's test needs both read the same images.",
    );
  });

  it("says so when the runs' dataset cannot be read any more", () => {
    const path = smallCsv(dir, 250);
    const gone = datasetForRun(store, path).id;
    const a = run(gone, { ...onCsv, seed: 4 }, 1);
    const b = run(gone, { ...onCsv, seed: 4 }, 2);
    rmSync(path);
    const c = compare({ a: [a.id], b: [b.id] });
    expect(c.test).toBeNull();
    expect(c.sentence).toMatch(
      /^Their test answers could not be recomputed \(.*mnist-250\.csv.*\), so McNemar's test cannot be made\.$/,
    );
    expect(c.a.metrics[1]).toMatchObject({ metric: 'testAccuracy', n: 1 });
  });

  it('says which run has no test result yet', () => {
    const done = run(mnist.id, onMnist, 1);
    const going = run(mnist.id, onMnist, 1, null);
    const c = compare({ a: [done.id], b: [going.id] });
    expect(c.test).toBeNull();
    expect(c.sentence).toBe(
      `Run ${going.id} (B) has no test result yet, so there are no test answers to compare.`,
    );
    expect(c.b).toMatchObject({ ids: [going.id], leftOut: [going.id] });
    expect(c.b.metrics.every((m) => m.n === 0 && m.mean === null)).toBe(true);
  });
});

describe('two groups', () => {
  const group = (accuracies: number[], losses: number[] = []): number[] =>
    accuracies.map(
      (testAccuracy, i) =>
        run(mnist.id, { ...onMnist, seed: 10 + i }, 1, { testAccuracy }, losses[i]).id,
    );

  it("gives mean ± std and the t interval per side, Welch's t-test and a bootstrap interval", () => {
    const a = group([0.9, 0.91, 0.92]);
    const b = group([0.93, 0.94, 0.96]);
    const queued = store.createRun({
      name: 'q',
      preset: null,
      config: onMnist,
      datasetId: mnist.id,
      owner: OWNER,
    });
    const c = compare({ a, b: [...b, queued.id] });
    const accuracyA = c.a.metrics[0];
    // Hand-computed: A has mean 0.91 and s = 0.01; t(0.975, 2) = 4.3027, so ± 0.024841.
    expect(accuracyA).toMatchObject({
      metric: 'summary',
      label: 'Final test accuracy',
      n: 3,
      min: 0.9,
      max: 0.92,
    });
    expect(accuracyA.mean).toBeCloseTo(0.91, 12);
    expect(accuracyA.std).toBeCloseTo(0.01, 12);
    expect(accuracyA.ci95?.[0]).toBeCloseTo(0.91 - 0.024841, 5);
    expect(accuracyA.ci95?.[1]).toBeCloseTo(0.91 + 0.024841, 5);
    expect(c.b.leftOut).toEqual([queued.id]);
    expect(c.b.metrics[0].n).toBe(3);
    // Hand-computed: s²_A/3 = 0.0000333, s²_B/3 = 0.0000778 (s²_B = 0.000233), se = 0.0105409,
    // t = 0.033333 / se = 3.1623, df = se⁴ / ((s²_A/3)²/2 + (s²_B/3)²/2) = 3.4483.
    const test = c.test;
    if (test?.kind !== 'welch') throw new Error(`expected Welch's test, got ${test?.kind}`);
    expect(test.t).toBeCloseTo(3.1623, 4);
    expect(test.df).toBeCloseTo(3.4483, 4);
    expect(test.p).toBeGreaterThan(0.01);
    expect(test.p).toBeLessThan(0.06);
    expect(test.difference).toBeCloseTo(0.033333, 6);
    // Welch's interval is centred on the difference and, as p < 0.05, excludes 0.
    expect((test.interval95[0] + test.interval95[1]) / 2).toBeCloseTo(test.difference, 12);
    expect(test.interval95[0]).toBeGreaterThan(0);
    expect(test.resamples).toBe(10_000);
    expect(test.bootstrap95[0]).toBeGreaterThan(0.01);
    expect(test.bootstrap95[1]).toBeLessThanOrEqual(0.06 + 1e-12);
    expect(c.sentence).toMatch(
      /^B's mean final test accuracy is 3\.3 points higher \(95% interval [\d.]+ to [\d.]+ points\): p = 0\.0\d+ \(Welch's t = 3\.2, df = 3\.4\), (unlikely to|could well) be chance\. Left out: 1 run of B without a test result\.$/,
    );
    // Seeded: the same runs give the same interval every time.
    expect(compare({ a, b: [...b, queued.id] })).toEqual(c);
  });

  it('compares the lowest losses when asked, and tells a lower one as lower, without points', () => {
    const a = group([0.9, 0.9], [0.3, 0.32]);
    const b = group([0.9, 0.9], [0.2, 0.25]);
    const c = compare({ a, b, summary: 'min-loss' });
    expect(c.summary).toBe('min-loss');
    expect(c.a.metrics[0]).toMatchObject({ label: 'Lowest loss', n: 2, min: 0.3, max: 0.32 });
    expect(c.test).toMatchObject({ kind: 'welch', summary: 'min-loss' });
    expect(c.sentence).toMatch(
      /^B's mean lowest loss is 0\.085 lower \(95% interval −?[\d.]+ to [\d.]+\): p = /,
    );
  });

  it('needs two runs with a result on each side, and some spread', () => {
    const one = group([0.9]);
    const two = group([0.91, 0.95]);
    expect(compare({ a: one, b: two })).toMatchObject({
      test: null,
      sentence: 'A has 1 run with a final test accuracy; a t-test needs at least 2 on each side.',
    });
    expect(compare({ a: [...two], b: [...one, ...group([0.9])] }).test?.kind).toBe('welch');
    expect(compare({ a: group([0.9, 0.9]), b: group([0.95, 0.95]) })).toMatchObject({
      test: null,
      sentence: expect.stringMatching(/^Every run on both sides has the same final test accuracy/),
    });
  });
});

describe('through the API', () => {
  it('refuses an unknown run, a run on both sides and a run twice on one side', async () => {
    const r = run(mnist.id, onMnist, 1).id;
    expect(await handler.call('compareRuns', { a: [r], b: [4242] })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'run 4242 not found' },
    });
    expect(await handler.call('compareRuns', { a: [r], b: [r] })).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: `compareRuns: run ${r} is on both sides: a run cannot be compared with itself`,
        field: 'b.0',
      },
    });
    const twice = await handler.call('compareRuns', { a: [r, r], b: [4242] });
    expect(twice).toMatchObject({
      ok: false,
      error: { message: `compareRuns: run ${r} is on side A twice`, field: 'a.1' },
    });
  });

  it('answers with the comparison', async () => {
    const a = run(mnist.id, onMnist, 1).id;
    const b = run(mnist.id, onMnist, 2).id;
    const r = await handler.call('compareRuns', { a: [a], b: [b] });
    expect(r).toMatchObject({ ok: true, value: { test: { kind: 'mcnemar' } } });
  });
});
