// `backprop-lab export RUN --format onnx`: a run trained through the real command line, exported,
// then loaded by ONNX Runtime, which must read digits as the same run's JSON export does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictProbabilities } from '../../../src-core/predict.ts';
import { loadModel } from '../../../src-main/model-file.ts';
import { expectAllClose } from '../../fixtures/core/arrays.ts';
import { fullMnist } from '../../fixtures/core/mnist.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { runCli } from './run-cli.ts';

const ROWS = 16;

let dir: string;
let db: string;
let run: number;
const cli = (args: string[]) => runCli(args, db);

beforeAll(() => {
  dir = tempDir('bpl-onnx-');
  db = join(dir, 'runs.sqlite');
  const csv = smallCsv(dir, 600);
  const r = cli([
    'train',
    '--dataset',
    csv,
    '--layers',
    '16',
    '--activation',
    'sigmoid',
    '--epochs',
    '1',
    '--batch',
    '32',
    '--validation',
    '100',
    '--name',
    'tiny',
    '--json',
  ]);
  expect(r.status, r.stderr).toBe(0);
  run = r.lines()[0].run as number;
});

describe('export --format onnx', () => {
  it('writes a model that ONNX Runtime runs, with the probabilities of the JSON export', async () => {
    const onnxFile = join(dir, 'model.onnx');
    const r = cli(['export', String(run), '--format', 'onnx', '--out', onnxFile, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines()).toEqual([{ run, format: 'onnx', out: onnxFile }]);
    const jsonFile = join(dir, 'model.json');
    expect(cli(['export', String(run), '--format', 'json', '--out', jsonFile]).status).toBe(0);

    const test = fullMnist().test!;
    const x = Float32Array.from(test.images.subarray(0, ROWS * 784), (p) => p / 255);
    const session = await ort.InferenceSession.create(readFileSync(onnxFile));
    try {
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['probabilities']);
      const out = await session.run({ input: new ort.Tensor('float32', x, [ROWS, 784]) });
      const expected = predictProbabilities(loadModel(jsonFile, ROWS), x, ROWS);
      const actual = out.probabilities.data as Float32Array;
      expectAllClose(actual, expected, 1e-5);
    } finally {
      await session.release();
    }
  });

  it('prints where the model went', () => {
    const out = join(dir, 'again.onnx');
    const r = cli(['export', String(run), '--format', 'onnx', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Run ${run} exported to ${out} (model).`);
    expect(readFileSync(out).length).toBeGreaterThan(16 * 784 * 4);
  });

  it('lists onnx among the formats when given another', () => {
    const r = cli(['export', String(run), '--format', 'tflite', '--out', join(dir, 'x')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('onnx');
  });
});
