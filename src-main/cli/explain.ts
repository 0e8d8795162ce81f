// `backprop-lab explain RUN --image N`: backpropagation step by step for test image N of the
// run's test part (the same split it trained with) and the weights its test result came from:
// every step of the forward and backward passes in the blog's notation (src-core/explain.ts),
// then what one plain gradient step on this image alone does to its loss. With --saliency DIGIT
// (and --versus DIGIT) it gives instead the gradient of that digit's score with respect to the
// image's pixels, as a rows × cols map (src-core/saliency.ts).

import { EXPLANATION_NOTES, explainImage, type ExplainStep } from '../../src-core/explain.ts';
import { applyOneUpdate } from '../../src-core/explain-update.ts';
import type { Network } from '../../src-core/network.ts';
import { saliency } from '../../src-core/saliency.ts';
import type { RunRow } from '../contract/rows.ts';
import { networkFromModel } from '../services/models.ts';
import { testImageInput, testIndexProblem } from '../services/test-images.ts';
import { testedModel, TestPredictions } from '../services/test-predictions.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { jsonLine, percent } from './format.ts';
import { parseFlags } from './train-options.ts';

const USAGE =
  'usage: backprop-lab explain RUN --image N [--loss-step LR] [--saliency DIGIT [--versus DIGIT]] [--json]';

/** How many of a step's largest values the text shows. */
const SHOWN = 5;

interface ChosenImage {
  readonly run: RunRow;
  readonly network: Network;
  /** The network's input: pixels / 255. */
  readonly input: Float32Array;
  readonly label: number;
  readonly index: number;
  readonly rows: number;
  readonly cols: number;
}

export async function explainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    image: { type: 'string' },
    'loss-step': { type: 'string' },
    saliency: { type: 'string' },
    versus: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const id = runId(positionals[0]);
  if (values.image === undefined) throw new UsageError(`--image N is required\n${USAGE}`);
  const index = wholeNumber(values.image, '--image');
  const digit = values.saliency === undefined ? null : wholeNumber(values.saliency, '--saliency');
  const versus = values.versus === undefined ? null : wholeNumber(values.versus, '--versus');
  if (versus !== null && digit === null) throw new UsageError('--versus needs --saliency DIGIT');
  const rate = values['loss-step'] === undefined ? null : learningRate(values['loss-step']);
  const json = values.json === true;

  const image = chooseImage(values.db, id, index);
  if (digit !== null) printSaliency(image, digit, versus, json);
  else printSteps(image, rate ?? image.run.config.learningRate, json);
  return 0;
}

function chooseImage(db: string | undefined, id: number, index: number): ChosenImage {
  const store = openStore(db);
  try {
    const run = store.getRun(id);
    const model = testedModel(store, run);
    if (model === null)
      throw new UsageError(`run ${id} has no saved model yet (status ${run.status})`);
    const test = new TestPredictions(store).testPart(run);
    const problem = testIndexProblem(test, index, id);
    if (problem !== null) throw new UsageError(`--image ${problem}`);
    const { rows, cols } = test.set;
    return {
      run,
      network: networkFromModel(model),
      ...testImageInput(test, index),
      index,
      rows,
      cols,
    };
  } finally {
    store.close();
  }
}

function printSteps(image: ChosenImage, rate: number, json: boolean): void {
  const { run, network, input, label, index } = image;
  const lossName = run.config.loss;
  const e = explainImage(network, input, label, lossName);
  const update = applyOneUpdate(network, input, label, lossName, rate);
  const updateNote = 'plain gradient descent on this one image, not the run’s optimiser';
  if (json) {
    const { steps, ...rest } = e;
    console.log(jsonLine({ type: 'image', run: run.id, index, ...rest, notes: EXPLANATION_NOTES }));
    for (const s of steps)
      console.log(jsonLine({ type: 'step', ...s, values: nested(s.values, s.shape) }));
    console.log(jsonLine({ type: 'update', ...update, note: updateNote }));
    return;
  }
  console.log(
    `Run ${run.id}, test image ${index}: a ${label}, read as ${e.prediction} ` +
      `(${percent(e.probabilities[e.prediction], 1)}); ${lossName} loss ${round(e.lossValue)}`,
  );
  for (const note of EXPLANATION_NOTES) console.log(`  ${note}`);
  for (const s of e.steps)
    console.log(
      `${s.phase.padEnd(8)} ${s.formula}   [${s.shape.join('×')}]\n         ${largest(s)}`,
    );
  console.log(
    `One update of rate ${rate} (${updateNote}): loss ${round(update.lossBefore)} → ` +
      `${round(update.lossAfter)}, p(${label}) ${percent(update.probabilityBefore, 1)} → ` +
      `${percent(update.probabilityAfter, 1)}`,
  );
}

function printSaliency(
  image: ChosenImage,
  digit: number,
  versus: number | null,
  json: boolean,
): void {
  const { run, network, input, label, index, rows, cols } = image;
  const classes = network.outputSize;
  for (const [flag, d] of [
    ['--saliency', digit],
    ['--versus', versus],
  ] as const)
    if (d !== null && d >= classes)
      throw new UsageError(`${flag} ${d} is not a digit from 0 to ${classes - 1}`);
  if (versus === digit) throw new UsageError(`--versus ${versus} is the digit of --saliency`);
  const map = saliency(network, input, digit, versus);
  const values = Array.from(map.values);
  if (json) {
    console.log(
      jsonLine({
        type: 'saliency',
        run: run.id,
        index,
        label,
        digit,
        versus,
        score: 'logit',
        shape: [rows, cols],
        values: nested(values, [rows, cols]),
        maxAbs: map.maxAbs,
      }),
    );
    return;
  }
  const what =
    versus === null ? `digit ${digit}'s score` : `digit ${digit}'s score minus ${versus}'s`;
  console.log(
    `Run ${run.id}, test image ${index} (a ${label}): the gradient of ${what} (its logit) with ` +
      `respect to each pixel, largest |value| ${round(map.maxAbs)}.\n` +
      `  # and + : ink here raises it, = and - : ink here lowers it, . : little effect`,
  );
  for (let r = 0; r < rows; r++)
    console.log(
      values
        .slice(r * cols, (r + 1) * cols)
        .map((v) => shade(v, map.maxAbs))
        .join(''),
    );
}

/** One character for a value on a diverging scale from −maxAbs to maxAbs. */
function shade(v: number, maxAbs: number): string {
  const t = maxAbs === 0 ? 0 : v / maxAbs;
  if (t > 0.5) return '#';
  if (t > 0.15) return '+';
  if (t < -0.5) return '=';
  if (t < -0.15) return '-';
  return '.';
}

/** A step's largest values with their positions: (row, col) of a matrix, the row of a column. */
function largest(s: ExplainStep): string {
  const [, cols] = s.shape;
  const at = (i: number): string =>
    cols === undefined || cols === 1 ? `${i}` : `${Math.floor(i / cols)},${i % cols}`;
  const shown = s.top.slice(0, SHOWN).map((i) => `[${at(i)}] ${round(s.values[i])}`);
  return `largest: ${shown.join('  ')}`;
}

const round = (x: number): string => Number(x.toPrecision(4)).toString();

/** Row-major values as nested arrays of `shape` ([n] stays flat). */
function nested(values: readonly number[], shape: readonly number[]): unknown[] {
  if (shape.length <= 1) return [...values];
  const [rows, ...rest] = shape;
  const size = values.length / rows;
  return Array.from({ length: rows }, (_, r) =>
    nested(values.slice(r * size, (r + 1) * size), rest),
  );
}

function wholeNumber(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} '${text}' is not a whole number from 0`);
  return n;
}

function learningRate(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--loss-step '${text}' is not a positive learning rate`);
  return n;
}
