// Every saved-run command through the real command line: happy paths and bad input.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src-core/config.ts';
import { splitDataset } from '../../../src-core/data/split.ts';
import { Trainer } from '../../../src-core/train.ts';
import { WasmBackend } from '../../../src-core/wasm/backend.ts';
import { loadCsv, loadMnist, mnistDir } from '../../../src-main/data/load.ts';
import { loadModel } from '../../../src-main/model-file.ts';
import { predictImageFile } from '../../../src-main/predict-image.ts';
import { builtKernelsModule } from '../../../src-main/wasm-build.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { runCli } from './run-cli.ts';

let dir: string;
let csv: string;
let db: string;
let first: number;
let second: number;
const cli = (args: string[], input?: string) => runCli(args, db, input);
const small = [
  '--layers',
  '32',
  '--lr',
  '0.01',
  '--batch',
  '32',
  '--validation',
  '200',
  '--epochs',
  '2',
];

function train(args: string[]): number {
  const r = cli(['train', '--dataset', csv, ...small, ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return r.lines()[0].run as number;
}

beforeAll(() => {
  dir = tempDir('bpl-runs-');
  csv = smallCsv(dir);
  db = join(dir, 'runs.sqlite');
  first = train(['--name', 'first', '--tags', 'baseline,small']);
  second = train(['--name', 'second', '--optimizer', 'sgd', '--lr', '0.1']);
});

describe('list', () => {
  it('shows every run in a table, newest first', () => {
    const r = cli(['list']);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim());
    expect(lines[0]).toMatch(
      /^id\s+name\s+status\s+preset \/ network\s+optimizer\s+epochs\s+test acc\s+time\s+created/,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${second}\\s+second\\s+completed\\s+quick 784-32-10\\s+sgd`),
    );
    expect(lines[2]).toMatch(new RegExp(`^${first}\\s+first\\s+completed`));
  });

  it('filters by tag and status, and prints JSON', () => {
    const byTag = cli(['list', '--tag', 'baseline', '--json']).lines();
    expect(byTag.map((r) => r.id)).toEqual([first]);
    expect(byTag[0]).toMatchObject({
      name: 'first',
      status: 'completed',
      tags: ['baseline', 'small'],
    });
    expect(cli(['list', '--status', 'failed', '--json']).stdout.trim()).toBe('');
  });

  it('says how to start when the database is empty', () => {
    const r = runCli(['list'], join(dir, 'empty.sqlite'));
    expect(r.stdout).toContain('No runs yet');
  });

  it('rejects an unknown status', () => {
    const r = cli(['list', '--status', 'done']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--status: 'done' is not one of");
  });
});

describe('show', () => {
  it('prints config, the per-epoch table and the confusion matrix', () => {
    const r = cli(['show', String(first)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Run ${first}: first  [completed]  tags: baseline, small`);
    expect(r.stdout).toMatch(/learning rate\s+0\.01/);
    expect(r.stdout).toMatch(/epoch\s+train loss\s+train acc\s+val loss\s+val acc/);
    expect(r.stdout).toContain('true\\pred');
    expect(r.stdout).toMatch(/Per-digit accuracy: 0: [\d.]+%/);
    expect(r.stdout).toContain('Backend wasm-simd, 1 thread');
  });

  it('shows the augmentation and each epoch’s weight-gradient norm per layer', () => {
    const r = cli(['show', String(first)]);
    expect(r.stdout).toMatch(/augmentation\s+off/);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => /^epoch\s+train loss/.test(l));
    expect(lines[header]).toMatch(/seconds\s+grad norms$/);
    // 784-32-10: two layers, input side first, in scientific notation.
    for (const line of lines.slice(header + 1, header + 3))
      expect(line).toMatch(/\s\d\.\de[-+]\d+ \d\.\de[-+]\d+\s*$/);
  });

  it('names the preset the run was started from, modified by its flags', () => {
    expect(cli(['show', String(first)]).stdout).toContain('preset quick, modified');
    expect(cli(['show', String(first), '--json']).lines()[0]).toMatchObject({
      preset: 'quick',
      presetModified: true,
    });
  });

  it('gives all of it as JSON', () => {
    const run = cli(['show', String(first), '--json']).lines()[0];
    expect(run).toMatchObject({ id: first, status: 'completed', config: { learningRate: 0.01 } });
    expect(run.epochs).toHaveLength(2);
    const epochs = run.epochs as { gradientNorms: number[] }[];
    for (const e of epochs) {
      expect(e.gradientNorms).toHaveLength(2);
      for (const n of e.gradientNorms) expect(n).toBeGreaterThan(0);
    }
    expect(run.confusion).toHaveLength(10);
  });

  it.each([
    [['show', '999'], 1, 'run 999 not found'],
    [['show', 'abc'], 2, "'abc' is not a run id"],
    [['show'], 2, 'usage: backprop-lab show RUN'],
  ])('%j fails with exit %i and says %s', (args, code, message) => {
    const r = cli(args);
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(message);
  });
});

describe('a run that ended at chance', () => {
  // Squared error through softmax at lr 100 collapses onto one digit (11% on this data) and,
  // its loss being bounded, never diverges: the run completes, and the CLI must say what it is.
  let stuck: number;
  beforeAll(() => {
    stuck = train(['--name', 'stuck', '--loss', 'mse', '--optimizer', 'sgd', '--lr', '100']);
  });

  it('is flagged in list, and the others are not', () => {
    const lines = cli(['list']).stdout.split('\n');
    const row = (id: number) => lines.find((l) => l.trimStart().startsWith(`${id} `));
    expect(row(stuck)).toMatch(/stuck\s+completed, at chance\s/);
    expect(row(first)).toMatch(/first\s+completed\s/);
    expect(row(first)).not.toContain('at chance');
    const json = cli(['list', '--json']).lines();
    expect(json.find((r) => r.id === stuck)).toMatchObject({ atChance: true });
    expect(json.find((r) => r.id === first)).toMatchObject({ atChance: false });
  });

  it('is explained in show', () => {
    const r = cli(['show', String(stuck)]);
    expect(r.stdout).toContain(`Run ${stuck}: stuck  [completed, at chance]`);
    expect(r.stdout).toMatch(/no better than guessing \(10\.00% for 10 digits\)/);
    expect(cli(['show', String(first)]).stdout).not.toContain('at chance');
    expect(cli(['show', String(stuck), '--json']).lines()[0]).toMatchObject({ atChance: true });
  });
});

describe('stored text with terminal escapes', () => {
  // A name set through the API (or a shared database) may carry ANSI/OSC sequences: printed raw,
  // they retitle the terminal, hide text, or worse. Every command prints them escaped.
  const hostile = 'evil\x1b]0;pwned\x07\x1b[2J\x9b31m\u202etxt.exe\r';
  let id: number;
  beforeAll(() => {
    id = train(['--name', 'plain']);
    const sqlite = new Database(db);
    sqlite
      .prepare('UPDATE runs SET name = ?, notes = ?, error = ? WHERE id = ?')
      .run(hostile, hostile, hostile, id);
    sqlite.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, 'tag\x1b[8m');
    sqlite.close();
  });

  it.each(['list', 'show', 'note', 'compare'])('%s prints no control character', (command) => {
    const args = {
      list: ['list'],
      show: ['show', String(id)],
      note: ['note', String(id), 'x'],
      compare: ['compare', String(id), String(first)],
    }[command] as string[];
    const r = cli(args);
    expect(r.status, r.stderr).toBe(0);
    const unprintable = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex
    expect(r.stdout).not.toMatch(unprintable);
    expect(r.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202etxt.exe\\x0d');
  });

  it.each(['list', 'show', 'note'])(
    '%s --json escapes them too, and parses back to the text',
    (command) => {
      const args = { list: ['list'], show: ['show', String(id)], note: ['note', String(id), 'x'] }[
        command
      ] as string[];
      const r = cli([...args, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const unprintable = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex
      expect(r.stdout).not.toMatch(unprintable);
      expect(r.lines().find((run) => run.id === id)).toMatchObject({ name: hostile });
    },
  );
});

describe('compare', () => {
  it('marks the settings that differ and shows results and accuracy per digit', () => {
    const r = cli(['compare', String(first), String(second)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\* optimizer\s+adam\s+sgd/);
    expect(r.stdout).toMatch(/\* learning rate\s+0\.01\s+0\.1/);
    expect(r.stdout).toMatch(/ {2}hidden layers\s+32\s+32/);
    expect(r.stdout).toMatch(/test accuracy\s+[\d.]+%\s+[\d.]+%/);
    expect(r.stdout).toContain('Accuracy per digit (test)');
  });

  it('gives per-digit accuracy and the differing settings as JSON', () => {
    const out = cli(['compare', String(first), String(second), '--json']).lines()[0] as {
      runs: { perDigitAccuracy: number[] }[];
      settings: { setting: string; differs: boolean }[];
    };
    expect(out.runs[0].perDigitAccuracy).toHaveLength(10);
    expect(out.settings.filter((s) => s.differs).map((s) => s.setting)).toEqual([
      'optimizer',
      'learning rate',
    ]);
  });

  it('needs two runs that exist', () => {
    expect(cli(['compare', String(first)]).status).toBe(2);
    const r = cli(['compare', String(first), '4242']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('run 4242 not found');
  });
});

describe('rename, note, tag', () => {
  it('edits the run and shows the result', () => {
    expect(cli(['rename', String(second), 'plain SGD']).stdout).toContain(
      `Run ${second}: plain SGD`,
    );
    expect(cli(['note', String(second), 'slower but steady']).stdout).toContain(
      'Notes: slower but steady',
    );
    expect(cli(['tag', String(second), 'sgd', 'compare-me']).stdout).toContain(
      'tags: compare-me, sgd',
    );
    expect(
      cli(['tag', String(second), 'compare-me', '--remove', '--json']).lines()[0],
    ).toMatchObject({ tags: ['sgd'] });
    expect(cli(['show', String(second), '--json']).lines()[0]).toMatchObject({
      name: 'plain SGD',
      notes: 'slower but steady',
    });
  });

  it('refuses an empty name, a bad tag and an unknown run', () => {
    expect(cli(['rename', String(second), '  ']).status).toBe(1);
    expect(cli(['tag', String(second), 'a,b']).status).toBe(1);
    expect(cli(['rename', '777', 'x']).stderr).toContain('run 777 not found');
    expect(cli(['rename', String(second)]).status).toBe(2);
  });
});

describe('delete', () => {
  it('asks unless --yes, and never asks a non-interactive terminal', () => {
    const victim = train(['--name', 'victim', '--epochs', '1']);
    const r = cli(['delete', String(victim)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('add --yes');
    expect(cli(['show', String(victim)]).status).toBe(0);
    const ok = cli(['delete', String(victim), '--yes']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Deleted run ${victim}`);
    expect(cli(['show', String(victim)]).status).toBe(1);
  });

  it('deletes nothing when one of the ids is unknown', () => {
    const r = cli(['delete', String(first), '9999', '--yes']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('run 9999 not found');
    expect(cli(['show', String(first)]).status).toBe(0);
  });
});

describe('import-data', () => {
  it('imports a gzipped IDX folder and trains on it by name', () => {
    const idx = join(dir, 'idx-gz');
    mkdirSync(idx);
    for (const f of [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ])
      writeFileSync(join(idx, `${f}.gz`), gzipSync(readFileSync(join(mnistDir(), f))));
    const r = cli(['import-data', idx, '--name', 'mnist-gz']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Imported "mnist-gz": 60,000 training and 10,000 test images of 28×28',
    );
    const datasets = cli(['import-data', idx, '--name', 'mnist-gz', '--json']).lines();
    expect(datasets[0]).toMatchObject({ name: 'mnist-gz', kind: 'idx', trainCount: 60000 });
  });

  it('imports a CSV and trains on it by name', () => {
    expect(cli(['import-data', csv, '--name', 'kaggle-small']).status).toBe(0);
    const r = cli(['train', '--dataset', 'kaggle-small', ...small, '--epochs', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines()[0]).toMatchObject({ type: 'start', testHeldOut: true });
  });

  it('reports a malformed CSV with its line number and registers nothing', () => {
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[9] = lines[9].replace(/^\d+,/, 'seven,');
    writeFileSync(bad, lines.join('\n'));
    const r = cli(['import-data', bad, '--name', 'bad']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv, line 10/);
    expect(cli(['train', '--dataset', 'bad', '--epochs', '1']).stderr).toContain(
      'no imported dataset has this name',
    );
  });

  it('needs a name and a readable path', () => {
    expect(cli(['import-data', csv]).status).toBe(2);
    const r = cli(['import-data', join(dir, 'nothing-here.csv'), '--name', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nothing-here.csv');
  });
});

describe('export', () => {
  it('writes the model as JSON with its architecture, and the epochs as CSV', () => {
    const json = join(dir, 'model.json');
    expect(cli(['export', String(first), '--format', 'json', '--out', json]).status).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc).toMatchObject({
      format: 'backprop-lab-model',
      sizes: [784, 32, 10],
      meta: { run: first, checkpoint: 'final' },
    });
    expect(doc.meta.epochs).toHaveLength(2);
    const csvOut = join(dir, 'epochs.csv');
    expect(cli(['export', String(first), '--format', 'csv', '--out', csvOut]).status).toBe(0);
    const rows = readFileSync(csvOut, 'utf8').trim().split('\n');
    expect(rows[0]).toBe(
      'epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,learningRate,seconds,samplesPerSecond',
    );
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^1,[\d.]+,[\d.]+,/);
  });

  it('refuses an unknown format or a missing --out', () => {
    expect(cli(['export', String(first), '--format', 'xml', '--out', 'x']).stderr).toContain(
      '--format: expected json',
    );
    expect(cli(['export', String(first), '--format', 'csv']).status).toBe(2);
  });
});

describe('predict', () => {
  /** A real MNIST test digit drawn 5× larger, dark on white, off-centre on a 200×200 PNG. */
  function digitPng(index: number): { file: string; label: number } {
    const { test } = loadMnist();
    const set = test ?? loadMnist().train;
    const png = new PNG({ width: 200, height: 200 });
    png.data.fill(255);
    for (let y = 0; y < 140; y++)
      for (let x = 0; x < 140; x++) {
        const v = 255 - set.images[index * 784 + Math.floor(y / 5) * 28 + Math.floor(x / 5)];
        const o = ((y + 40) * 200 + (x + 10)) * 4;
        png.data[o] = png.data[o + 1] = png.data[o + 2] = v;
      }
    const file = join(dir, `digit-${index}.png`);
    writeFileSync(file, PNG.sync.write(png));
    return { file, label: set.labels[index] };
  }

  it('reads PNG digits with the run model and prints ten probabilities per image', () => {
    const model = train(['--name', 'reader', '--layers', '64', '--epochs', '3']);
    const digits = [0, 1, 2, 3, 4].map(digitPng);
    const r = cli(['predict', String(model), ...digits.map((d) => d.file), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      const p = line.probabilities as number[];
      expect(p).toHaveLength(10);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(line.digit).toBe(p.indexOf(Math.max(...p)));
    }
    const right = lines.filter((l, i) => l.digit === digits[i].label).length;
    expect(right).toBeGreaterThanOrEqual(4);
    expect(cli(['predict', String(model), digits[0].file]).stdout).toMatch(
      /digit-0\.png: \d \([\d.]+%\)/,
    );
  });

  it('gives the same probabilities as the core did at the end of training', () => {
    const file = join(dir, 'saved.json');
    const r = cli(['train', '--dataset', csv, ...small, '--save-model', file, '--json']);
    const run = r.lines()[0].run as number;
    const image = digitPng(7).file;
    const viaCli = cli(['predict', String(run), image, '--json']).lines()[0];

    // The same config and seed, trained here by the core itself on the same kernels, give the
    // same network…
    const shown = cli(['show', String(run), '--json']).lines()[0];
    expect(shown.backend).toBe('wasm-simd, 1 thread');
    const config = shown.config as TrainConfig;
    const trainer = new Trainer(
      config,
      splitDataset(loadCsv(csv), config.validation, config.testFraction, config.seed),
      new WasmBackend(builtKernelsModule()),
    );
    for (const event of trainer.run()) void event;
    expect(Array.from(loadModel(file).params)).toEqual(Array.from(trainer.network.params));
    // …and predict (on the TypeScript kernels) gives that network's probabilities for the image.
    expect(predictImageFile(loadModel(file), image).probabilities).toEqual(viaCli.probabilities);
  });

  it('reports a file that is not a PNG and a run without a model', () => {
    const notPng = join(dir, 'note.png');
    writeFileSync(notPng, 'hello');
    const r = cli(['predict', String(first), notPng]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('note.png');
    expect(cli(['predict', '31337', notPng]).stderr).toContain('run 31337 not found');
  });
});
