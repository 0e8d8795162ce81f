// `backprop-lab explain RUN --image N`: test image N of the run's test part through its saved
// weights, step by step, with the core's own numbers; --saliency gives the 28×28 map; a missing
// run, an image past the test part's end and a run without weights are refused.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitDataset, type Subset } from '../../../src-core/data/split.ts';
import { saliency } from '../../../src-core/saliency.ts';
import { loadCsv } from '../../../src-main/data/load.ts';
import { networkFromModel } from '../../../src-main/services/models.ts';
import { testImageInput } from '../../../src-main/services/test-images.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { LossName } from '../../../src-core/losses.ts';
import type { Network } from '../../../src-core/network.ts';
import { expectAllClose } from '../../fixtures/core/arrays.ts';
import { coreGradients } from '../../fixtures/core/explain-networks.ts';
import { OWNER } from '../../fixtures/store/builders.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { runCli } from './run-cli.ts';

let csv: string;
let db: string;
let mse: number;
let crossEntropy: number;
let untrained: number;
let store: Store;
const cli = (args: string[]) => runCli(args, db);

function train(args: string[]): number {
  const r = cli([
    'train',
    '--dataset',
    csv,
    '--batch',
    '32',
    '--validation',
    '50',
    '--epochs',
    '1',
    ...args,
    '--json',
  ]);
  expect(r.status, r.stderr).toBe(0);
  return r.lines()[0].run as number;
}

beforeAll(() => {
  const dir = tempDir('bpl-explain-cli-');
  csv = smallCsv(dir, 300);
  db = join(dir, 'runs.sqlite');
  mse = train(['--layers', '16', '--loss', 'mse', '--seed', '2']);
  crossEntropy = train(['--layers', '12,8', '--loss', 'cross-entropy', '--seed', '3']);
  store = Store.open(db);
  const { datasetId, config } = store.getRun(mse);
  untrained = store.createRun({
    name: 'not yet',
    preset: null,
    config,
    datasetId,
    owner: OWNER,
  }).id;
});

afterAll(() => store.close());

/** The run's test part, its network and test image `index`, read here the way a user could. */
function fromStore(
  id: number,
  index: number,
): { test: Subset; network: Network; input: Float32Array; label: number } {
  const run = store.getRun(id);
  const { config } = run;
  const test = splitDataset(
    loadCsv(csv, run.datasetName),
    config.validation,
    config.testFraction,
    config.seed,
  ).test;
  const model = store.getModel(id, 'final');
  if (model === null) throw new Error(`run ${id} has no final model`);
  return { test, network: networkFromModel(model), ...testImageInput(test, index) };
}

type Line = Record<string, unknown>;
const byName = (lines: Line[], name: string): Line => {
  const found = lines.find((l) => l.type === 'step' && l.name === name);
  if (found === undefined) throw new Error(`no step ${name}`);
  return found;
};

describe('explain RUN --image N --json', () => {
  for (const [which, id, loss] of [
    ['mse', () => mse, 'mse'],
    ['cross-entropy', () => crossEntropy, 'cross-entropy'],
  ] as const)
    it(`gives every step with its name, shape and the core's own gradients (${which})`, () => {
      const r = cli(['explain', String(id()), '--image', '4', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.lines();
      const { network, input, label } = fromStore(id(), 4);
      expect(lines[0]).toMatchObject({ type: 'image', run: id(), index: 4, label, loss });
      const grads = coreGradients(network, input, label, loss as LossName);
      network.layers.forEach((layer, i) => {
        const dW = byName(lines, `dW${i + 1}`);
        expect(dW.shape).toEqual([layer.outSize, layer.inSize]);
        const rows = dW.values as number[][];
        expect(rows).toHaveLength(layer.outSize);
        // (out, in) in the blog's orientation; the core keeps (in, out).
        const core = grads.subarray(
          layer.parameters[0].offset,
          layer.parameters[0].offset + layer.w.length,
        );
        const shown = Array.from(
          core,
          (_, k) => rows[k % layer.outSize][Math.floor(k / layer.outSize)],
        );
        expectAllClose(shown, core, 1e-7);
        const db = byName(lines, `db${i + 1}`);
        expect(db.shape).toEqual([layer.outSize, 1]);
        expect((db.values as number[][]).map(([v]) => v)).toEqual(
          Array.from(
            grads.subarray(layer.parameters[1].offset, layer.parameters[1].offset + layer.b.length),
          ),
        );
      });
      expect(byName(lines, 'Z1')).toMatchObject({ phase: 'forward', formula: 'Z1 = W1 · X + b1' });
      expect(byName(lines, 'L').values).toHaveLength(1);
      const update = lines[lines.length - 1];
      expect(update).toMatchObject({
        type: 'update',
        rate: store.getRun(id()).config.learningRate,
      });
    });

  it('applies one update of the rate given with --loss-step, lowering the loss for a small one', () => {
    const r = cli(['explain', String(mse), '--image', '0', '--loss-step', '0.01', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    const update = lines[lines.length - 1] as {
      rate: number;
      lossBefore: number;
      lossAfter: number;
    };
    expect(update.rate).toBe(0.01);
    expect(update.lossBefore).toBe((byName(lines, 'L').values as number[])[0]);
    expect(update.lossAfter).toBeLessThan(update.lossBefore);
  });

  it('prints each formula, shape and largest values as text', () => {
    const r = cli(['explain', String(crossEntropy), '--image', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Run \d+, test image 2: a \d, read as \d \(/);
    expect(r.stdout).toContain('dW3 = dZ3 · A2ᵀ   [10×8]');
    expect(r.stdout).toMatch(/dZ3 = A3 − Y {3}\[10×1\]\n {9}largest: \[\d\] /);
    expect(r.stdout).toMatch(
      /One update of rate [\d.]+ \(plain gradient descent on this one image/,
    );
  });
});

describe('explain RUN --image N --saliency DIGIT', () => {
  it('gives the 28×28 gradient of the digit’s score (minus another’s with --versus)', () => {
    const r = cli([
      'explain',
      String(mse),
      '--image',
      '5',
      '--saliency',
      '3',
      '--versus',
      '8',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const [map] = r.lines() as {
      shape: number[];
      values: number[][];
      maxAbs: number;
      digit: number;
      versus: number;
    }[];
    expect(map).toMatchObject({
      type: 'saliency',
      digit: 3,
      versus: 8,
      score: 'logit',
      shape: [28, 28],
    });
    expect(map.values).toHaveLength(28);
    const { network, input } = fromStore(mse, 5);
    const expected = saliency(network, input, 3, 8);
    expectAllClose(map.values.flat(), expected.values, 0);
    expect(map.maxAbs).toBe(expected.maxAbs);
  });

  it('draws the map as text, 28 lines of 28 characters', () => {
    const r = cli(['explain', String(mse), '--image', '5', '--saliency', '3']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2);
    expect(rows).toHaveLength(28);
    for (const row of rows) expect(row).toMatch(/^[#+.=-]{28}$/);
    expect(rows.join('')).toMatch(/#/);
  });
});

describe('explain refuses', () => {
  it('a run that does not exist, and a RUN that is no run id', () => {
    const missing = cli(['explain', '999', '--image', '0']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/run 999 not found/);
    expect(cli(['explain', 'abc', '--image', '0']).status).toBe(2);
  });

  it('an image past the end of the test part, naming the index and the count', () => {
    const r = cli(['explain', String(mse), '--image', '30', '--json']);
    expect(r.status).toBe(2);
    expect(r.lines()[0]).toEqual({
      type: 'error',
      message: `--image index 30 is out of range: run ${mse}'s test part holds 30 images (index 0 to 29)`,
    });
  });

  it('a run without saved weights', () => {
    const r = cli(['explain', String(untrained), '--image', '0']);
    expect(r.status).toBe(2);
    // Queued, or interrupted once a command finds its owner gone (store/owner.ts).
    expect(r.stderr).toMatch(
      new RegExp(`run ${untrained} has no saved model yet \\(status (queued|interrupted)\\)`),
    );
  });

  it('a missing --image, --versus without --saliency, a digit that is none, a bad rate', () => {
    for (const [args, message] of [
      [[], '--image N is required'],
      [['--image', '1', '--versus', '2'], '--versus needs --saliency DIGIT'],
      [['--image', '1', '--saliency', '10'], '--saliency 10 is not a digit from 0 to 9'],
      [
        ['--image', '1', '--saliency', '3', '--versus', '3'],
        '--versus 3 is the digit of --saliency',
      ],
      [['--image', '1.5'], "--image '1.5' is not a whole number from 0"],
      [['--image', '1', '--loss-step', '0'], "--loss-step '0' is not a positive learning rate"],
    ] as const) {
      const r = cli(['explain', String(mse), ...args]);
      expect(r.status, message).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
