// `list --where QUERY` and `list --group` through the real command line, on a store filled
// with runs of known settings and results.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src-core/config.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { EXIT_USAGE } from '../../../src-main/cli/errors.ts';
import {
  newRun,
  OWNER,
  RESULT,
  START,
  tempStore,
  weights,
  type TempStore,
} from '../../fixtures/store/builders.ts';
import { runCli } from './run-cli.ts';

let tmp: TempStore;
let db: string;
const cli = (args: string[]) => runCli(args, db);
const ids = (args: string[]): unknown[] => {
  const r = cli([...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return r.lines().map((l) => l.id);
};

/** A run with `config` changed from the quick preset: completed with `accuracy` (and
 * `seconds` of training), or left queued when accuracy is null. */
function saveRun(
  name: string,
  config: Partial<TrainConfig>,
  accuracy: number | null,
  seconds = 40,
  tags: string[] = [],
): number {
  const { store, mnist } = tmp;
  const run = store.createRun(
    newRun(mnist.id, { name, tags, config: { ...PRESETS.quick, ...config } }),
  );
  if (accuracy !== null) {
    store.startRun(run.id, START, OWNER);
    store.completeRun(
      run.id,
      { ...RESULT, testAccuracy: accuracy, trainSeconds: seconds },
      weights(run.parameters),
    );
  }
  return run.id;
}

let adam: number[];
let sgd: number;
let queued: number;

beforeAll(() => {
  tmp = tempStore('runs.sqlite');
  db = tmp.file('runs.sqlite');
  adam = [
    saveRun('adam 1', { seed: 1 }, 0.97, 40, ['baseline']),
    saveRun('adam 2', { seed: 2 }, 0.98, 44, ['baseline']),
    saveRun('adam 3', { seed: 3 }, 0.99, 42),
  ];
  sgd = saveRun('sgd', { optimizer: 'sgd', learningRate: 0.1 }, 0.95);
  queued = saveRun('adam 4', { seed: 4 }, null);
  tmp.store.close();
});

afterAll(() => tmp.remove());

describe('list --where', () => {
  it('keeps the runs the query matches, newest first', () => {
    expect(ids(['list', '--where', 'optimizer = adam and test > 97.5%'])).toEqual([
      adam[2],
      adam[1],
    ]);
    expect(ids(['list', '--where', 'tag:baseline or lr >= 0.1'])).toEqual([sgd, adam[1], adam[0]]);
    expect(ids(['list', '--where', 'not test > 0'])).toEqual([queued]);
    expect(ids(['list', '--where', ''])).toHaveLength(5);
  });

  it('joins the other filters', () => {
    expect(ids(['list', '--tag', 'baseline', '--where', 'seed = 2'])).toEqual([adam[1]]);
    expect(ids(['list', '--status', 'queued', '--where', 'optimizer = adam'])).toEqual([queued]);
  });

  it('shows its table, or says that nothing matched', () => {
    const table = cli(['list', '--where', 'name = sgd']);
    expect(table.status).toBe(0);
    expect(table.stdout.trim().split('\n')).toHaveLength(2);
    expect(table.stdout).toMatch(new RegExp(`^\\s*${sgd}\\s+sgd\\s+completed`, 'm'));
    const none = cli(['list', '--where', 'test > 99.5%']);
    expect(none.status).toBe(0);
    expect(none.stdout.trim()).toBe('None of the 5 runs listed matches the --where query.');
  });

  it('refuses a query it cannot read with a caret under the part at fault', () => {
    const r = cli(['list', '--where', 'optimizer = adm and lr < 0.01']);
    expect(r.status).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        "backprop-lab: --where: optimizer is one of gd, sgd, momentum, adam, got 'adm' at 13–15 (did you mean adam?)",
        '  optimizer = adm and lr < 0.01',
        '              ^^^',
        '(see backprop-lab list --help)',
        '',
      ].join('\n'),
    );
  });

  it('says a query is too long without echoing it', () => {
    const r = cli(['list', '--where', `name ~ ${'x'.repeat(1000)}`]);
    expect(r.status).toBe(EXIT_USAGE);
    expect(r.stderr).toContain(
      '--where: the query is 1,007 characters, over the limit of 1,000 at 1001–1007',
    );
    expect(r.stderr).not.toContain('x'.repeat(100));
  });

  it('reports a bad query as one JSON error line with --json', () => {
    const r = cli(['list', '--where', 'lrr < 1', '--json']);
    expect(r.status).toBe(EXIT_USAGE);
    expect(r.lines()).toEqual([
      {
        type: 'error',
        message: expect.stringContaining("unknown field 'lrr' at 1–3 (did you mean lr?)"),
      },
    ]);
  });

  it('explains the language in its help', () => {
    const r = cli(['list', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--where QUERY');
    expect(r.stdout).toMatch(/^ {2}lr\s+Learning rate/m);
    expect(r.stdout).toMatch(/^ {2}tag:NAME\s+runs tagged NAME/m);
  });
});

describe('list --group', () => {
  it('prints one JSON line per group of equal settings, with mean ± std', () => {
    const r = cli(['list', '--group', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const groups = r.lines();
    expect(groups.map((g) => g.runs)).toEqual([[queued, adam[2], adam[1], adam[0]], [sgd]]);
    expect(groups[0]).toMatchObject({
      type: 'group',
      n: 4,
      accuracy: {
        n: 3,
        mean: expect.closeTo(0.98, 12),
        std: expect.closeTo(0.01, 12),
        min: 0.97,
        max: 0.99,
      },
      seconds: { n: 3, mean: 42, std: 2, min: 40, max: 44 },
    });
    expect(groups[1]).toMatchObject({ n: 1, accuracy: { n: 1, mean: 0.95, std: null } });
  });

  it('groups only what the query keeps, in a table', () => {
    const r = cli(['list', '--group', '--where', 'optimizer = adam']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^runs\s+n\s+dataset\s+network\s+optimizer\s+lr\s+batch\s+epochs\s+results\s+test acc\s+range\s+time$/,
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${[queued, ...adam.toReversed()].join(',')}\\s+4\\s+mnist\\s+784-128-64-10\\s+adam\\s+0\\.002\\s+64\\s+12\\s+3/4\\s+98\\.00% ± 1\\.00%\\s+97\\.00%–99\\.00%\\s+42s ± 2\\.0s$`,
      ),
    );
  });
});
