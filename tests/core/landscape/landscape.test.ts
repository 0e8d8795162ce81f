// The loss landscape on small networks trained on a slice of MNIST (784-32-16-10, a fraction of
// a second each): the 1D path's ends are the initial and final weights' own losses, weight
// matching is a true permutation that lowers the barrier between two seeds, and the first-layer
// shortcut of the 2D map equals computing each point through the whole network.

import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type TrainConfig } from '../../../src-core/config.ts';
import { splitDataset, type Subset } from '../../../src-core/data/split.ts';
import { TypeScriptBackend } from '../../../src-core/kernels.ts';
import { permuteUnits, weightMatching } from '../../../src-core/landscape/align.ts';
import {
  betweenRuns,
  directValue,
  LandscapeCancelled,
  line1d,
  LINE_ALPHAS,
  map2d,
  type LandscapeInput,
} from '../../../src-core/landscape/compute.ts';
import { filterNormalizedDirection } from '../../../src-core/landscape/directions.ts';
import { CombinationEvaluator } from '../../../src-core/landscape/evaluate.ts';
import { denseBlocks } from '../../../src-core/landscape/layout.ts';
import { loss } from '../../../src-core/losses.ts';
import { networkFromSaved } from '../../../src-core/model.ts';
import type { LayerStack } from '../../../src-core/network.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { Rng } from '../../../src-core/rng.ts';
import { Trainer } from '../../../src-core/train.ts';
import { expectAllClose } from '../../fixtures/core/arrays.ts';
import { mnistSubset } from '../../fixtures/core/mnist.ts';

const CONFIG: TrainConfig = validateConfig({
  ...PRESETS.quick,
  layers: [32, 16],
  activations: ['relu', 'relu'],
  learningRate: 0.005,
  batchSize: 32,
  epochs: 3,
  schedule: { type: 'constant' },
  validation: 0,
});

interface Trained {
  readonly initial: Float32Array;
  readonly final: Float32Array;
  readonly epochs: Float32Array[];
  readonly testLoss: number;
  readonly initialTestLoss: number;
  readonly test: Subset;
  readonly stack: LayerStack;
}

function train(seed: number): Trained {
  const config = { ...CONFIG, seed };
  const splits = splitDataset(mnistSubset(), config.validation, config.testFraction, seed);
  const t = new Trainer(config, splits);
  const initial = new Float32Array(t.network.params);
  const initialTestLoss = t.evaluate(splits.test).loss;
  const epochs: Float32Array[] = [];
  let testLoss = NaN;
  for (const e of t.run()) {
    if (e.type === 'epoch') epochs.push(new Float32Array(t.network.params));
    if (e.type === 'done') testLoss = e.testLoss;
  }
  const final = new Float32Array(t.network.params);
  return {
    initial,
    final,
    epochs,
    testLoss,
    initialTestLoss,
    test: splits.test,
    stack: t.network.stack,
  };
}

let a: Trained;
let b: Trained;
let input: LandscapeInput;
beforeAll(() => {
  a = train(1);
  b = train(2);
  input = {
    stack: a.stack,
    loss: loss(CONFIG.loss),
    subset: a.test,
    backend: new TypeScriptBackend(),
  };
});

describe('the 1D path from the initial to the final weights', () => {
  it('reproduces at α = 0 and α = 1 the losses the trainer measured for those weights', () => {
    const line = line1d(input, a.initial, a.final);
    expect(line.alphas[5]).toBe(0);
    expect(line.alphas[25]).toBe(1);
    expect(line.path.loss[5]).toBe(line.initial.loss);
    expect(line.path.loss[25]).toBe(line.final.loss);
    expect(line.path.accuracy[25]).toBe(line.final.accuracy);
    expect(line.initial.loss).toBeCloseTo(a.initialTestLoss, 10);
    expect(line.final.loss).toBeCloseTo(a.testLoss, 10);
    // Training lowered the loss a long way, and the path goes down on the whole.
    expect(line.final.loss).toBeLessThan(line.initial.loss / 3);
    expect(line.path.loss).toHaveLength(LINE_ALPHAS.length);
  });

  it('reports every point and stops when asked', () => {
    const seen: number[] = [];
    line1d({ ...input, onProgress: (done, total) => seen.push(done / total) }, a.initial, a.final);
    expect(seen).toHaveLength(LINE_ALPHAS.length + 2);
    expect(seen.at(-1)).toBe(1);
    let calls = 0;
    const stopping = { ...input, shouldStop: () => ++calls > 4 };
    expect(() => line1d(stopping, a.initial, a.final)).toThrow(LandscapeCancelled);
    expect(calls).toBe(5);
  });
});

describe('weight matching', () => {
  it('is a true permutation: the permuted network computes the same outputs', () => {
    const { perms } = weightMatching(a.stack, a.final, b.final);
    expect(perms.map((p) => p.length)).toEqual([32, 16]);
    for (const p of perms) expect([...p].sort((x, y) => x - y)).toEqual([...p.keys()]);
    expect(perms.some((p) => p.some((to, j) => to !== j))).toBe(true);
    const permuted = permuteUnits(a.stack, b.final, perms);
    const x = new Float32Array(5 * 784).map((_, i) => ((i * 37) % 256) / 255);
    const before = networkFromSaved({ stack: b.stack, weights: b.final }, 5).forward(x, 5).slice();
    const after = networkFromSaved({ stack: b.stack, weights: permuted }, 5).forward(x, 5);
    expectAllClose(after, before, 1e-5);
  });

  it('recovers a permutation of the same network exactly', () => {
    const rng = new Rng(3);
    const shuffled = denseBlocks(a.stack)
      .slice(0, -1)
      .map((blk) => {
        const order = Uint32Array.from({ length: blk.outSize }, (_, i) => i);
        rng.shuffle(order);
        return Int32Array.from(order);
      });
    const copy = permuteUnits(a.stack, a.final, shuffled);
    const { perms } = weightMatching(a.stack, a.final, copy);
    expect(Array.from(permuteUnits(a.stack, copy, perms))).toEqual(Array.from(a.final));
  });

  it('lowers the highest loss between two seeds of the same network', () => {
    const between = betweenRuns(input, a.final, b.final, true, 2);
    const aligned = between.aligned!;
    expect(Math.max(...aligned.loss)).toBeLessThan(Math.max(...between.unaligned.loss));
    expect(aligned.barrier).toBeLessThan(between.unaligned.barrier);
    // The ends are the same functions either way.
    expect(aligned.loss[0]).toBe(between.unaligned.loss[0]);
    expect(aligned.loss[20]).toBeCloseTo(between.unaligned.loss[20], 5);
    expect(between.moved!.every((n) => n > 0)).toBe(true);
  });
});

describe('the 2D map', () => {
  it('normalises each unit of a random direction to that unit, and leaves biases alone', () => {
    const d = filterNormalizedDirection(a.stack, a.final, new Rng(1));
    for (const blk of denseBlocks(a.stack)) {
      const norm = (w: ArrayLike<number>, j: number) =>
        Math.hypot(
          ...Array.from({ length: blk.inSize }, (_, i) => w[blk.weights + i * blk.outSize + j]),
        );
      for (const j of [0, blk.outSize - 1]) expect(norm(d, j)).toBeCloseTo(norm(a.final, j), 4);
      for (let j = 0; j < blk.outSize; j++) expect(d[blk.biases + j]).toBe(0);
    }
  });

  it('the first-layer shortcut equals computing each point through the whole network', () => {
    const rng = new Rng(5);
    const d1 = filterNormalizedDirection(a.stack, a.final, rng);
    const d2 = filterNormalizedDirection(a.stack, a.final, rng);
    const evaluator = new CombinationEvaluator(
      a.stack,
      [a.final, d1, d2],
      a.test,
      input.backend,
      input.loss,
    );
    for (const [s, t] of [
      [0.3, -0.7],
      [-1, 1],
      [0.05, 0.5],
    ]) {
      const moved = Float64Array.from(a.final, (w, i) => w + s * d1[i] + t * d2[i]);
      const direct = directValue(input, moved);
      const shortcut = evaluator.evaluate([1, s, t]);
      expect(shortcut.loss).toBeCloseTo(direct.loss, 5);
      expect(Math.abs(shortcut.accuracy - direct.accuracy)).toBeLessThanOrEqual(
        2 / a.test.indices.length,
      );
    }
    expect(evaluator.evaluate([1, 0, 0])).toEqual(directValue(input, a.final));
  });

  it('maps a grid around the final weights with the path projected on it', () => {
    const trajectory = [
      { epoch: 0, weights: a.initial },
      ...a.epochs.map((w, i) => ({ epoch: i + 1, weights: w })),
    ];
    const small = { ...input, subset: { ...a.test, indices: a.test.indices.subarray(0, 200) } };
    const map = map2d(small, a.final, trajectory, 5, 'random');
    expect(map.a).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(map.loss).toHaveLength(5);
    expect(map.loss[2][2]).toBe(map.center.loss);
    expect(map.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(map.path[3].a).toBeCloseTo(0, 12);
    const pca = map2d(small, a.final, trajectory, 5, 'pca');
    expect(pca.explained![0]).toBeGreaterThan(pca.explained![1]);
    expect(pca.explained![0] + pca.explained![1]).toBeLessThanOrEqual(1 + 1e-9);
    // The principal plane holds the path: the farthest point is inside the grid.
    const reach = Math.max(...pca.path.map((p) => Math.abs(p.a)));
    expect(pca.a.at(-1)).toBeCloseTo(1.25 * reach, 9);
  });
});
