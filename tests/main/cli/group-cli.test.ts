// `backprop-lab train --seeds N` and `backprop-lab sweep`: one group of runs, trained one after
// another, with every JSON line naming its group, and a summary per combination; mistakes are
// usage errors naming the flag, and save nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../../src-main/data/load.ts';
import { Store } from '../../../src-main/store/store.ts';
import { toCsv } from '../../fixtures/data/build.ts';
import { runCli } from './run-cli.ts';

let csv: string;
let db: string;
const cli = (args: string[]) => runCli(args, db);

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'bpl-group-cli-'));
  const { train } = loadMnist();
  const count = 400;
  csv = join(dir, 'small.csv');
  db = join(dir, 'runs.sqlite');
  writeFileSync(
    csv,
    toCsv({
      count,
      labels: train.labels.subarray(0, count),
      images: train.images.subarray(0, count * 784),
    }),
  );
  tiny1.push('--dataset', csv, '--layers', '8', '--batch', '32', '--validation', '40');
  tiny1.push('--epochs', '1');
});

// Not a constant: the CSV is written in beforeAll.
const tiny1: string[] = [];

function withStore<T>(f: (store: Store) => T): T {
  const store = Store.open(db);
  try {
    return f(store);
  } finally {
    store.close();
  }
}

describe('backprop-lab train --seeds', () => {
  it('makes three runs sharing a group id, seeds s, s+1, s+2 (--json)', () => {
    const r = cli(['train', ...tiny1, '--seed', '4', '--seeds', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    const group = lines[0];
    expect(group).toMatchObject({ type: 'group', kind: 'repeat' });
    const ids = group.runs as number[];
    expect(ids).toHaveLength(3);
    for (const l of lines.slice(1, -1)) expect(l.group).toBe(group.group);
    expect(lines.filter((l) => l.type === 'done').map((l) => l.run)).toEqual(ids);
    withStore((store) => {
      const runs = ids.map((id) => store.getRun(id));
      expect(runs.map((x) => x.groupId)).toEqual([group.group, group.group, group.group]);
      expect(runs.map((x) => x.seed)).toEqual([4, 5, 6]);
      expect(runs.every((x) => x.status === 'completed')).toBe(true);
    });
    const done = lines[lines.length - 1];
    expect(done).toMatchObject({ type: 'group-done', group: group.group });
    const [combination] = done.combinations as { accuracy: { n: number; mean: number } }[];
    expect(combination.accuracy.n).toBe(3);
    expect(combination.accuracy.mean).toBeGreaterThan(0.1);
  });
});

describe('backprop-lab sweep', () => {
  it('trains every combination of two settings and prints one row per combination', () => {
    const r = cli(['sweep', ...tiny1, '--lr', '0.01,0.02', '--batch', '16,32']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Sweep \d+ saved: .*lr × batch, 1 seed, 4 runs/);
    expect(r.stdout.match(/— Run \d+ \(\d of 4\)/g)).toHaveLength(4);
    for (const combination of [
      'lr 0.01 · batch 16',
      'lr 0.01 · batch 32',
      'lr 0.02 · batch 16',
      'lr 0.02 · batch 32',
    ])
      expect(r.stdout).toMatch(new RegExp(`${combination} +1/1 +[\\d.]+%`));
  });

  it('sweeps hidden layers given with slashes', () => {
    const r = cli(['sweep', ...tiny1, '--layers', '8/8,4', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const ids = r.lines()[0].runs as number[];
    withStore((store) =>
      expect(ids.map((id) => store.getRun(id).config.layers)).toEqual([[8], [8, 4]]),
    );
  });

  it('refuses what it cannot train, naming the flag, and saves nothing', () => {
    const before = withStore((store) => store.listRuns().length);
    const cases: [string[], RegExp][] = [
      [['sweep', ...tiny1, '--lr', '0.01'], /give one or two settings several values/],
      [['sweep', ...tiny1, '--lr', '0.01,-1'], /sweep value: .*learning rate|sweep value: /],
      [['sweep', ...tiny1, '--lr', '0.01,x'], /--lr: expected a number, got 'x'/],
      [['sweep', ...tiny1, '--seed', '1,2'], /use --seeds N/],
      [
        ['train', ...tiny1, '--seeds', '0'],
        /--seeds: must be a whole number of seeds from 1 to 20/,
      ],
      [['train', ...tiny1, '--seeds', 'three'], /--seeds: expected a whole number/],
      [['sweep', ...tiny1, '--validation', '40,400'], /--validation: .*validation 400/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(withStore((store) => store.listRuns().length)).toBe(before);
  });
});
