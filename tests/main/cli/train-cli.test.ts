import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src-core/activations.ts';
import { LOSSES } from '../../../src-core/losses.ts';
import { loadMnist } from '../../../src-main/data/load.ts';
import { toCsv } from '../../fixtures/data/build.ts';
import { BIN, runCli } from './run-cli.ts';

let dir: string;
let csv: string;
let db: string;
const cli = (args: string[]) => runCli(args, db);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpl-cli-'));
  const { train } = loadMnist();
  const count = 1500;
  const subset = {
    count,
    labels: train.labels.subarray(0, count),
    images: train.images.subarray(0, count * 784),
  };
  csv = join(dir, 'small.csv');
  db = join(dir, 'runs.sqlite');
  writeFileSync(csv, toCsv(subset));
});

const small = ['--layers', '32', '--lr', '0.01', '--batch', '32', '--validation', '200'];

describe('backprop-lab train', () => {
  it('trains on a CSV with no test part, holds out a test part and says so (--json)', () => {
    const r = cli(['train', '--dataset', csv, ...small, '--epochs', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    expect(lines[0]).toMatchObject({
      type: 'start',
      train: 1150,
      validation: 200,
      test: 150,
      testHeldOut: true,
      backend: 'wasm-simd, 1 thread',
    });
    const epochs = lines.filter((l) => l.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const e of epochs)
      expect(Object.keys(e).sort()).toEqual(
        [
          'type',
          'run',
          'epoch',
          'epochs',
          'trainLoss',
          'trainAccuracy',
          'validationLoss',
          'validationAccuracy',
          'seconds',
          'samplesPerSecond',
        ].sort(),
      );
    const done = lines[lines.length - 1];
    expect(done.type).toBe('done');
    expect(done.testAccuracy).toBeGreaterThan(0.6);
    const confusion = done.confusion as number[][];
    expect(confusion).toHaveLength(10);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(150);
  });

  it('prints a human summary with the split, the test accuracy and a confusion matrix', () => {
    const r = cli(['train', '--dataset', csv, ...small, '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('no test part in the data: 150 held out by seed 1');
    expect(r.stdout).toMatch(/epoch 1\/1 +train loss [\d.]+ acc [\d.]+%/);
    expect(r.stdout).toMatch(/Test accuracy [\d.]+%/);
    expect(r.stdout).toContain('true\\pred');
    expect(r.stdout).toContain('Backend wasm-simd, 1 thread');
  });

  it('is reproducible: the same seed gives the same metrics', () => {
    const args = ['train', '--dataset', csv, ...small, '--epochs', '1', '--json', '--seed', '5'];
    const a = cli(args).lines();
    const b = cli(args).lines();
    const metrics = (ls: Record<string, unknown>[]) =>
      ls.filter((l) => l.type === 'epoch').map((l) => [l.trainLoss, l.validationLoss]);
    expect(metrics(a)).toEqual(metrics(b));
  });

  it('saves a model that loads back with the architecture it was trained with', () => {
    const file = join(dir, 'model.json');
    const r = cli(['train', '--dataset', csv, ...small, '--epochs', '1', '--save-model', file]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({
      format: 'backprop-lab-model',
      version: 1,
      sizes: [784, 32, 10],
      activations: ['relu'],
    });
    expect(doc.layers[0].weights).toHaveLength(784);
    expect(doc.meta.config.learningRate).toBe(0.01);
  });

  it('trains with distorted images (--augment SPEC) and shows them in the run', () => {
    const r = cli([
      'train',
      '--dataset',
      csv,
      ...small,
      '--epochs',
      '1',
      '--augment',
      'rotation=10,shift=2,elastic',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const run = r.lines()[0].run as number;
    const shown = cli(['show', String(run), '--json']).lines()[0];
    expect(shown.config).toMatchObject({
      augmentation: { rotation: 10, scale: 0, shift: 2, shear: 0, elastic: true },
    });
    expect(cli(['show', String(run)]).stdout).toMatch(
      /augmentation\s+rotate ±10°, shift ±2 px, elastic/,
    );
  });

  it.each([
    [['--lr', 'abc'], '--lr: expected a number'],
    [['--batch', '0'], '--batch'],
    [['--optimizer', 'rmsprop'], '--optimizer: must be one of gd, sgd, momentum, adam'],
    [['--preset', 'huge'], "--preset: 'huge' is not one of"],
    [['--activation', 'relu,tanh,relu'], '--activation: give one activation or 1'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--decay', 'linear'], '--decay: expected constant'],
    [['--optimizer', 'gd', '--batch', '64'], 'full-batch gradient descent'],
    [['--augment', 'rotation=200'], '--augment rotation: must be a number from 0 to 180, got 200'],
    [['--augment', 'flip'], "--augment: 'flip' is not one of rotation=N"],
    [['--augment', '--no-augment'], '--augment and --no-augment contradict each other'],
  ])('rejects bad usage %j with exit code 2', (flags, message) => {
    const r = cli(['train', '--dataset', csv, '--layers', '32', ...flags]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('reports a malformed CSV with its line number, exit code 1, and JSON error with --json', () => {
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[4] = lines[4].replace(/^(\d+),0,/, '$1,0,300,').replace(/,0$/, '');
    writeFileSync(bad, lines.join('\n'));
    const r = cli(['train', '--dataset', bad, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('line 5');
    expect(r.lines()).toEqual([{ type: 'error', message: expect.stringContaining('line 5') }]);
  });

  it('reports a missing dataset path', () => {
    const r = cli(['train', '--dataset', join(dir, 'nope.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nope.csv');
  });

  it('refuses a run that does not fit its dataset before saving it, naming the flag to change', () => {
    const before = cli(['list', '--json']).lines().length;
    const r = cli(['train', '--dataset', csv, ...small, '--validation', '1500']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--validation: must be less than the 1,350 training images left after 150 are held out ' +
        'for testing (test fraction 0.1)',
    );
    const wide = cli(['train', '--dataset', csv, '--layers', '4096,2048']);
    expect(wide.status).toBe(2);
    expect(wide.stderr).toMatch(/--layers: 784-4096-2048-10 .* over the cap of 10,000,000/);
    expect(cli(['list', '--json']).lines()).toHaveLength(before);
  });

  it('says how much memory and disk the run needs before it starts', () => {
    const r = cli(['train', '--dataset', csv, ...small, '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Needs about [\d.]+ MB of memory; each checkpoint takes [\d.]+ MB/);
  });

  it('says when a completed run ended at chance (text and --json)', () => {
    // Squared error at lr 100 collapses onto one digit; its bounded loss never diverges.
    const stuck = [...small, '--loss', 'mse', '--optimizer', 'sgd', '--lr', '100', '--epochs', '1'];
    const text = cli(['train', '--dataset', csv, ...stuck]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /Test accuracy [\d.]+% .*\nAt chance: no better than guessing \(10\.00% for 10 digits\)/,
    );
    expect(text.stdout).toContain('lower the learning rate');
    const done = cli(['train', '--dataset', csv, ...stuck, '--json'])
      .lines()
      .at(-1);
    expect(done).toMatchObject({ type: 'done', atChance: true });
    const fine = cli(['train', '--dataset', csv, ...small, '--epochs', '1', '--json']);
    expect(fine.lines().at(-1)).toMatchObject({ type: 'done', atChance: false });
  });

  it('reports divergence naming the epoch and batch, and saves no model', () => {
    const file = join(dir, 'diverged.json');
    const r = cli([
      'train',
      '--dataset',
      csv,
      '--layers',
      '32',
      '--activation',
      'leaky-relu',
      '--optimizer',
      'sgd',
      '--lr',
      '100',
      '--init',
      'article',
      '--batch',
      '8',
      '--validation',
      '200',
      '--epochs',
      '3',
      '--save-model',
      file,
      '--json',
    ]);
    expect(r.status).toBe(1);
    const last = r.lines().at(-1);
    expect(last).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/diverged.*epoch \d+, batch \d+/),
    });
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('backprop-lab gradcheck', () => {
  it('passes every activation × loss case and says so in JSON', () => {
    const r = cli(['gradcheck', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    const cases = lines.filter((l) => l.type === 'case');
    // Every activation × loss, with and without L2.
    const pairs = ACTIVATIONS.length * LOSSES.length;
    expect(cases).toHaveLength(2 * pairs);
    expect(new Set(cases.map((c) => `${c.activation}/${c.loss}`)).size).toBe(pairs);
    for (const c of cases) expect(c.worstRelativeError).toBeLessThan(1e-6);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', passed: true });
  });
});

describe('backprop-lab', () => {
  it('rejects an unknown command with exit code 2', () => {
    const r = cli(['fly']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'fly'");
  });
});

describe('backprop-lab train, interrupted', () => {
  it('stops after the batch in flight on Ctrl-C (SIGINT) and saves the run as cancelled', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [BIN, 'train', '--dataset', csv, ...small, '--batch', '1', '--epochs', '50', '--json'],
      { env: { ...process.env, BACKPROP_LAB_DB: db } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"type":"epoch"')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const last = JSON.parse(out.trim().split('\n').at(-1) ?? '');
    expect(last).toMatchObject({ type: 'cancelled', run: expect.any(Number) });
    const shown = cli(['show', String(last.run), '--json']).lines()[0];
    expect(shown.status).toBe('cancelled');
    expect((shown.epochs as unknown[]).length).toBeGreaterThanOrEqual(1);
  });
});
