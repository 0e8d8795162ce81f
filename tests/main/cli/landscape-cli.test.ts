// `backprop-lab landscape`: two runs trained through the real command line (784-16-10 on 600
// MNIST images, seeds 1 and 2), their 1D path, the path between them with and without aligning
// their hidden units, and a small 2D map; a second call answers from the database.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapeRequest } from '../../../src-main/cli/landscape.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { runCli } from './run-cli.ts';

let db: string;
const runs: number[] = [];
const cli = (args: string[]) => runCli(args, db);

beforeAll(() => {
  const dir = tempDir('bpl-landscape-cli-');
  db = join(dir, 'runs.sqlite');
  const csv = smallCsv(dir, 600);
  for (const seed of ['1', '2']) {
    const r = cli([
      'train',
      '--dataset',
      csv,
      '--layers',
      '16',
      '--epochs',
      '2',
      '--batch',
      '32',
      '--validation',
      '100',
      '--seed',
      seed,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    runs.push(r.lines()[0].run as number);
  }
}, 120_000);

describe('backprop-lab landscape', () => {
  it('prints the 1D path as JSON lines, progress first, and reads it back the second time', () => {
    const r = cli(['landscape', String(runs[0]), '--images', '200', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    expect(lines.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'landscape', kind: '1d', runId: runs[0], images: 200 });
    const alphas = result.alphas as number[];
    const path = result.path as { loss: number[] };
    expect(path.loss[alphas.indexOf(1)]).toBe((result.final as { loss: number }).loss);
    const again = cli(['landscape', String(runs[0]), '--images', '200', '--json']);
    expect(again.lines()).toEqual([result]);
  }, 60_000);

  it('says in words how much of the barrier between two seeds alignment removes', () => {
    const r = cli([
      'landscape',
      String(runs[0]),
      '--between',
      String(runs[1]),
      '--align',
      '--images',
      '200',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/as trained: highest loss \d\.\d{4}, barrier/);
    expect(r.stdout).toMatch(/hidden units aligned: highest loss \d\.\d{4}, barrier/);
    expect(r.stdout).toMatch(/units moved per hidden layer: \d+/);
  }, 60_000);

  it('maps a small grid around the final weights with the training path', () => {
    const r = cli([
      'landscape',
      String(runs[0]),
      '--2d',
      '--grid',
      '5',
      '--images',
      '100',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const map = r.lines().at(-1)!;
    expect(map).toMatchObject({ kind: '2d', plane: 'random' });
    expect((map.loss as number[][]).length).toBe(5);
    expect((map.path as { epoch: number }[]).map((p) => p.epoch)).toEqual([0, 1, 2]);
  }, 60_000);

  it('refuses bad flags with the flag at fault, and a missing run', () => {
    expect(() => landscapeRequest(['1', '--grid', '1000'])).toThrow(/--grid: .*61/);
    expect(() => landscapeRequest(['1', '--grid', 'ten'])).toThrow(
      /--grid: 'ten' is not a whole number/,
    );
    expect(() => landscapeRequest(['1', '--grid', '9'])).not.toThrow();
    expect(() => landscapeRequest(['1', '--between', '2', '--2d'])).toThrow(/choose one/);
    expect(landscapeRequest(['1', '--between', '2']).request).toMatchObject({
      kind: 'between',
      other: 2,
      align: false,
    });
    const bad = cli(['landscape', String(runs[0]), '--grid', '9']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--grid: grid is for a 2d landscape, not 1d/);
    const missing = cli(['landscape', '999']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/run 999/);
  }, 60_000);
});
