// `backprop-lab compare` and whether a difference is real: two runs get McNemar's counts, which
// match a recount of their answers image by image; two groups (stored, or runs listed) get
// mean ± std per metric and Welch's t-test; mistakes are usage errors.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-core/data/dataset.ts';
import { loadCsv } from '../../../src-main/data/load.ts';
import { mcnemarExactP } from '../../../src-main/stats/mcnemar.ts';
import { Store } from '../../../src-main/store/store.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { recount } from '../services/test-answers.ts';
import { runCli } from './run-cli.ts';

let csv: string;
let db: string;
let first: number;
let second: number;
let otherSeed: number;
const groups: { id: number; runs: number[] }[] = [];
/** The database the commands wrote, to read what they saved. */
let store: Store;
const cli = (args: string[]) => runCli(args, db);

// Not a constant: the CSV is written in beforeAll.
const tiny: string[] = [];

function train(args: string[]): Record<string, unknown>[] {
  const r = cli(['train', ...tiny, ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return r.lines();
}

beforeAll(() => {
  const dir = tempDir('bpl-compare-stats-');
  csv = smallCsv(dir, 500);
  db = join(dir, 'runs.sqlite');
  tiny.push('--dataset', csv, '--layers', '16', '--batch', '32', '--validation', '50');
  tiny.push('--epochs', '1');
  // The same seed and test fraction: the same 50 held-out test images.
  first = train(['--seed', '3'])[0].run as number;
  second = train(['--seed', '3', '--lr', '0.05'])[0].run as number;
  otherSeed = train(['--seed', '4'])[0].run as number;
  for (const lr of ['0.001', '0.05']) {
    const group = train(['--seed', '10', '--seeds', '3', '--lr', lr])[0];
    groups.push({ id: group.group as number, runs: group.runs as number[] });
  }
  store = Store.open(db);
});

afterAll(() => store.close());

describe('compare RUN RUN', () => {
  it("gives McNemar's counts and p, equal to a recount of each image's answer (--json)", () => {
    const r = cli(['compare', String(first), String(second), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.lines()[0] as {
      mcnemar: { b: number; c: number; bothRight: number; bothWrong: number; p: number };
      sentence: string;
      runs: unknown[];
    };
    expect(out.runs).toHaveLength(2);
    const data: Dataset = loadCsv(csv, store.getRun(first).datasetName);
    const [a, b] = [first, second].map((id) => {
      const model = store.getModel(id, 'final');
      if (model === null) throw new Error(`run ${id} has no final model`);
      return recount(model, data, store.getRun(id).config).correct;
    });
    const cell = (ra: number, rb: number) => a.filter((v, i) => v === ra && b[i] === rb).length;
    expect(out.mcnemar).toEqual({
      b: cell(1, 0),
      c: cell(0, 1),
      bothRight: cell(1, 1),
      bothWrong: cell(0, 0),
      p: mcnemarExactP(cell(1, 0), cell(0, 1)),
    });
    expect(a).toHaveLength(50);
    expect(out.sentence).toMatch(
      new RegExp(
        `^B reads ${cell(0, 1)} images? right that A misses and A ${cell(1, 0)} that B misses: p [=<] `,
      ),
    );
  });

  it('prints the counts, p and the sentence under the settings and results', () => {
    const r = cli(['compare', String(first), String(second)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\* learning rate\s+[\d.]+\s+0\.05/);
    expect(r.stdout).toContain(
      "Is the difference real? McNemar's exact test on the 50 test images",
    );
    expect(r.stdout).toMatch(/A right, B wrong \(b\)\s+\d+\n\s+B right, A wrong \(c\)\s+\d+/);
    expect(r.stdout).toMatch(/p \(two-sided, exact\)\s+[\d.e-]+\n(B reads|A and B read)/);
  });

  it('says why not for runs that held out different test images', () => {
    const out = cli(['compare', String(first), String(otherSeed), '--json']).lines()[0];
    expect(out.mcnemar).toBeNull();
    expect(out.sentence).toMatch(/^A and B were tested on different images/);
  });
});

describe('compare two groups', () => {
  it("gives mean ± std per metric, Welch's t-test and the sentence (group:ID)", () => {
    const [a, b] = groups;
    const r = cli(['compare', `group:${a.id}`, `group:${b.id}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`A: group ${a.id} (`);
    expect(r.stdout).toMatch(/runs with a test result\s+3\s+3/);
    expect(r.stdout).toMatch(/final test accuracy\s+[\d.]+% ± [\d.]+%\s+[\d.]+% ± [\d.]+%/);
    expect(r.stdout).toMatch(/95% interval\s+[\d.]+% to [\d.]+%/);
    expect(r.stdout).toMatch(/test loss\s+[\d.]+ ± [\d.]+/);
    expect(r.stdout).toMatch(
      /Welch's t-test on final test accuracy: t = -?[\d.]+, df = [\d.]+, p = /,
    );
    expect(r.stdout).toMatch(/bootstrap 95% interval .* \(10,000 resamples/);
    expect(r.stdout).toMatch(
      /\nB's mean final test accuracy is [\d.]+ points (higher|lower) \(95% interval /,
    );
  });

  it('gives the same as JSON, for runs listed by id too, each figure as the runs give it', () => {
    const [a, b] = groups;
    const byGroup = cli(['compare', `group:${a.id}`, `group:${b.id}`, '--json']).lines()[0];
    const listed = cli(['compare', a.runs.join(','), b.runs.join(','), '--json']).lines()[0];
    expect(listed).toEqual({
      ...byGroup,
      a: { ...(byGroup.a as object), group: null },
      b: { ...(byGroup.b as object), group: null },
    });
    const accuracies = [a, b].map((g) => g.runs.map((id) => store.getRun(id).testAccuracy ?? NaN));
    // Hand-computed: mean, sample variance, and Welch's t from them.
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = (xs: number[]) =>
      xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    const [xa, xb] = accuracies;
    const sideA = byGroup.a as { metrics: { metric: string; mean: number; std: number }[] };
    expect(sideA.metrics[0].metric).toBe('summary');
    expect(sideA.metrics[0].mean).toBeCloseTo(mean(xa), 12);
    expect(sideA.metrics[0].std).toBeCloseTo(Math.sqrt(variance(xa)), 12);
    const welch = byGroup.welch as Record<string, number | number[]>;
    const se = Math.sqrt(variance(xa) / 3 + variance(xb) / 3);
    expect(welch.t).toBeCloseTo((mean(xb) - mean(xa)) / se, 10);
    expect(welch.difference).toBeCloseTo(mean(xb) - mean(xa), 12);
    expect(Object.keys(welch).sort()).toEqual([
      'bootstrap95',
      'df',
      'difference',
      'interval95',
      'p',
      'resamples',
      't',
    ]);
  });

  it('compares the summary asked for', () => {
    const [a, b] = groups;
    const out = cli([
      'compare',
      `group:${a.id}`,
      `group:${b.id}`,
      '--summary',
      'min-loss',
      '--json',
    ]).lines()[0];
    expect(out.summary).toBe('min-loss');
    expect((out.a as { metrics: { label: string }[] }).metrics[0].label).toBe('Lowest loss');
  });
});

describe('compare refuses', () => {
  it('a run on both sides, an unknown summary, a group that does not exist, three groups', () => {
    const both = cli(['compare', String(first), String(first)]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(`run ${first} is on both sides`);
    const summary = cli(['compare', String(first), String(second), '--summary', 'median']);
    expect(summary.status).toBe(2);
    expect(summary.stderr).toContain("--summary: 'median' is not one of final, best, min-loss");
    const missing = cli(['compare', 'group:999', String(first)]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('group 999 not found');
    const three = cli(['compare', `group:${groups[0].id}`, `group:${groups[1].id}`, String(first)]);
    expect(three.status).toBe(2);
    expect(three.stderr).toContain('compare two groups at a time, got 3 sides');
  });
});
