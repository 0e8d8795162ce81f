// The three landscapes of a trained network, computed point by point on one set of images
// (see src-main/contract/landscape.ts for what each shows). Every point goes through a
// CombinationEvaluator (evaluate.ts), so the first layer's product is paid once per fixed
// vector, not once per point. The caller hears of each point and may stop between points.

import type { Backend } from '../backend.ts';
import type { Subset } from '../data/split.ts';
import type { Loss } from '../losses.ts';
import { gatherBatch } from '../batch.ts';
import { CLASSES } from '../limits.ts';
import { countCorrect } from '../metrics.ts';
import { Network, type LayerStack } from '../network.ts';
import { Rng } from '../rng.ts';
import { permuteUnits, weightMatching } from './align.ts';
import { filterNormalizedDirection, principalPlane, projectOntoPlane } from './directions.ts';
import { CombinationEvaluator } from './evaluate.ts';
import type {
  Landscape1D,
  Landscape2D,
  LandscapeBetween,
  LinePath,
  PathPoint,
  PointValue,
} from './types.ts';

export class LandscapeCancelled extends Error {
  constructor() {
    super('the landscape was cancelled');
    this.name = 'LandscapeCancelled';
  }
}

export interface LandscapeInput {
  readonly stack: LayerStack;
  readonly loss: Loss;
  /** The evaluation images. */
  readonly subset: Subset;
  readonly backend: Backend;
  /** Called after each point; `total` is known from the start. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Asked before each point: true stops the computation with LandscapeCancelled. */
  readonly shouldStop?: () => boolean;
}

/** The α of the 1D path: −0.25 … 1.25 by 0.05 (exact at 0 and 1). */
export const LINE_ALPHAS = Array.from({ length: 31 }, (_, i) => (i - 5) / 20);
/** The α of the path between two runs: 0 … 1 by 0.05. */
export const BETWEEN_ALPHAS = Array.from({ length: 21 }, (_, i) => i / 20);
/** Seeds the random directions, so the same request draws the same plane. */
export const DIRECTION_SEED = 20180101;

/** Counts points and stops when asked. */
class Points {
  #done = 0;
  readonly #total: number;
  readonly #input: LandscapeInput;
  constructor(input: LandscapeInput, total: number) {
    this.#input = input;
    this.#total = total;
  }
  evaluate(evaluator: CombinationEvaluator, coefficients: readonly number[]): PointValue {
    if (this.#input.shouldStop?.() === true) throw new LandscapeCancelled();
    const value = evaluator.evaluate(coefficients);
    this.#tick();
    return value;
  }
  direct(weights: ArrayLike<number>): PointValue {
    if (this.#input.shouldStop?.() === true) throw new LandscapeCancelled();
    const value = directValue(this.#input, weights);
    this.#tick();
    return value;
  }
  #tick(): void {
    this.#done++;
    this.#input.onProgress?.(this.#done, this.#total);
  }
}

const evaluatorOf = (input: LandscapeInput, points: readonly ArrayLike<number>[]) =>
  new CombinationEvaluator(input.stack, points, input.subset, input.backend, input.loss);

function linePath(
  input: LandscapeInput,
  points: Points,
  ends: readonly [ArrayLike<number>, ArrayLike<number>],
  alphas: readonly number[],
): LinePath {
  const evaluator = evaluatorOf(input, ends);
  const values = alphas.map((alpha) => points.evaluate(evaluator, [1 - alpha, alpha]));
  const loss = values.map((v) => v.loss);
  const at = (alpha: number) => loss[alphas.indexOf(alpha)];
  let highest = -Infinity;
  alphas.forEach((alpha, i) => {
    if (alpha >= 0 && alpha <= 1) highest = Math.max(highest, loss[i]);
  });
  return {
    loss,
    accuracy: values.map((v) => v.accuracy),
    barrier: highest - (at(0) + at(1)) / 2,
  };
}

/** Along the line from the initial weights (α = 0) to the final ones (α = 1). */
export function line1d(
  input: LandscapeInput,
  initial: ArrayLike<number>,
  final: ArrayLike<number>,
): Landscape1D {
  const points = new Points(input, LINE_ALPHAS.length + 2);
  const path = linePath(input, points, [initial, final], LINE_ALPHAS);
  return {
    kind: '1d',
    alphas: [...LINE_ALPHAS],
    path,
    initial: points.direct(initial),
    final: points.direct(final),
  };
}

const CHUNK = 1000;

/** Loss and accuracy of the weights through the whole network, as training evaluates them. */
export function directValue(input: LandscapeInput, weights: ArrayLike<number>): PointValue {
  const { stack, subset, backend, loss } = input;
  const network = new Network(stack, CHUNK, backend);
  network.params.set(weights);
  const count = subset.indices.length;
  const x = backend.allocate(Math.min(CHUNK, count) * stack.inputs);
  const probs = backend.allocate(CHUNK * CLASSES);
  const labels = new Uint8Array(CHUNK);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Math.min(CHUNK, count - start);
    gatherBatch(subset, null, start, rows, x, labels, backend);
    const logits = network.forward(x, rows);
    lossSum += loss.compute(logits, labels, probs, null, rows, CLASSES, 1);
    correct += countCorrect(probs, labels, rows, CLASSES);
  }
  return { loss: lossSum / count, accuracy: correct / count };
}

/** Along the line from a's final weights to b's, and with `align` after weight matching. */
export function betweenRuns(
  input: LandscapeInput,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  align: boolean,
  other: number,
): LandscapeBetween {
  const points = new Points(input, BETWEEN_ALPHAS.length * (align ? 2 : 1));
  const unaligned = linePath(input, points, [a, b], BETWEEN_ALPHAS);
  if (!align)
    return {
      kind: 'between',
      other,
      alphas: [...BETWEEN_ALPHAS],
      unaligned,
      aligned: null,
      moved: null,
    };
  if (input.shouldStop?.() === true) throw new LandscapeCancelled();
  const { perms } = weightMatching(input.stack, a, b);
  const aligned = linePath(input, points, [a, permuteUnits(input.stack, b, perms)], BETWEEN_ALPHAS);
  const moved = perms.map((p) => p.reduce((n, to, j) => n + (to === j ? 0 : 1), 0));
  return { kind: 'between', other, alphas: [...BETWEEN_ALPHAS], unaligned, aligned, moved };
}

/** A checkpoint of the training path: epoch 0 is the initial weights. */
export interface TrajectoryPoint {
  readonly epoch: number;
  readonly weights: ArrayLike<number>;
}

const spaced = (n: number, extent: number) =>
  Array.from({ length: n }, (_, i) => (n === 1 ? 0 : -extent + (2 * extent * i) / (n - 1)));

/** A grid × grid map around the final weights, on random filter-normalised directions (−1 … 1
 * each) or on the path's principal plane (spanning the path and a quarter more). */
export function map2d(
  input: LandscapeInput,
  final: ArrayLike<number>,
  trajectory: readonly TrajectoryPoint[],
  grid: number,
  plane: 'random' | 'pca',
): Landscape2D {
  const offsets = trajectory.map((p) => Float64Array.from(p.weights, (w, i) => w - final[i]));
  let d1: Float64Array;
  let d2: Float64Array;
  let explained: [number, number] | null = null;
  if (plane === 'pca') {
    ({ d1, d2, explained } = principalPlane(offsets));
  } else {
    const rng = new Rng(DIRECTION_SEED);
    d1 = filterNormalizedDirection(input.stack, final, rng);
    d2 = filterNormalizedDirection(input.stack, final, rng);
  }
  const path: PathPoint[] = trajectory.map((p, t) => {
    const [a, b] = projectOntoPlane(offsets[t], d1, d2);
    return { epoch: p.epoch, a, b };
  });
  const reach = (pick: (p: PathPoint) => number) =>
    plane === 'random' ? 1 : 1.25 * Math.max(...path.map((p) => Math.abs(pick(p))), 1e-6);
  const a = spaced(
    grid,
    reach((p) => p.a),
  );
  const b = spaced(
    grid,
    reach((p) => p.b),
  );
  const points = new Points(input, grid * grid + 1);
  const evaluator = evaluatorOf(input, [final, d1, d2]);
  const loss: number[][] = [];
  const accuracy: number[][] = [];
  for (const bj of b) {
    const row = a.map((ai) => points.evaluate(evaluator, [1, ai, bj]));
    loss.push(row.map((v) => v.loss));
    accuracy.push(row.map((v) => v.accuracy));
  }
  const center = points.evaluate(evaluator, [1, 0, 0]);
  return { kind: '2d', plane, a, b, loss, accuracy, center, path, explained };
}
