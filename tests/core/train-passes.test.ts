// A full batch on the WebAssembly backend goes through each chunk of CHUNK rows in passes of the
// backend's passRows rows (train.ts), so a pass's images are still in cache when backward reads
// them again. Passes must not change what the run computes: the same weights bit for bit, the
// same accuracies, and progress still reported per chunk.

import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import type { EpochEvent, TrainEvent } from '../../src-core/events.ts';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { CHUNK, Trainer } from '../../src-core/train.ts';
import { PASS_ROWS, WasmBackend } from '../../src-core/wasm/backend.ts';
import { builtKernelsModule } from '../../src-main/wasm-build.ts';
import { firstBitDifference } from '../fixtures/core/arrays.ts';
import { mnistSubset } from '../fixtures/core/mnist.ts';

/** The article preset, 3 epochs over 2,400 images: chunks of 1,000, 1,000 and 400 rows. */
const config: TrainConfig = validateConfig({ ...PRESETS.article, epochs: 3, validation: 200 });

let subset: Dataset;
beforeAll(() => {
  subset = mnistSubset();
});

interface Run {
  readonly params: Float32Array;
  readonly events: TrainEvent[];
  /** The rows of each batch the run gathered (gatherPixels or gatherImages) before its last
   * epoch ended (the test set is evaluated after it). */
  readonly gathered: number[];
  /** How many of those batches the backend held as image batches. */
  readonly imageBatches: number;
}

function run(passRows: number, cfg: TrainConfig = config, imageBatches = true): Run {
  const backend = new WasmBackend(builtKernelsModule(), { passRows, imageBatches });
  const gathered: number[] = [];
  let ended = false;
  const gather = backend.gatherPixels.bind(backend);
  backend.gatherPixels = (out, images, image, count, pixels) => {
    if (!ended) gathered.push(count);
    gather(out, images, image, count, pixels);
  };
  const gatherImages = backend.gatherImages.bind(backend);
  let held = 0;
  backend.gatherImages = (images, image, count, pixels) => {
    const batch = gatherImages(images, image, count, pixels);
    if (!ended && batch !== null) {
      gathered.push(count);
      held++;
    }
    return batch;
  };
  const splits = splitDataset(subset, cfg.validation, cfg.testFraction, cfg.seed);
  const t = new Trainer(cfg, splits, backend);
  const events: TrainEvent[] = [];
  for (const e of t.run({ progressIntervalMs: 0 })) {
    events.push(e);
    ended ||= e.type === 'epoch' && e.epoch === cfg.epochs;
  }
  return { params: Float32Array.from(t.network.params), events, gathered, imageBatches: held };
}

const epochs = (r: Run) => r.events.filter((e): e is EpochEvent => e.type === 'epoch');

describe('a full batch in passes of fewer rows than a chunk', () => {
  let whole: Run;
  beforeAll(() => {
    whole = run(CHUNK);
  });

  it('trains to the same weights, bit for bit, as whole chunks', () => {
    // 96 divides neither a chunk nor the last one: passes of 96 rows and shorter ends.
    for (const passRows of [PASS_ROWS, 96]) {
      const passes = run(passRows);
      expect(firstBitDifference(passes.params, whole.params)).toBe(-1);
      for (const [i, e] of epochs(passes).entries()) {
        const w = epochs(whole)[i];
        expect(e.trainAccuracy).toBe(w.trainAccuracy);
        expect(e.validationLoss).toBe(w.validationLoss);
        expect(e.gradientNorms).toEqual(w.gradientNorms);
        // The loss is summed per pass in float64: the same up to its last bits.
        expect(e.trainLoss).toBeCloseTo(w.trainLoss, 12);
      }
    }
  });

  it('trains to the same weights reading image batches as reading floats', () => {
    // The first layer's products then read only the non-zero pixels (WasmBackend.gatherImages).
    for (const passRows of [PASS_ROWS, CHUNK]) {
      const [images, floats] = [run(passRows), run(passRows, config, false)];
      expect(images.imageBatches).toBe(images.gathered.length);
      expect(floats.imageBatches).toBe(0);
      expect(firstBitDifference(images.params, floats.params)).toBe(-1);
    }
    const adam = { ...PRESETS.quick, layers: [40, 24], epochs: 1, validation: 200 };
    const [images, floats] = [run(PASS_ROWS, adam), run(PASS_ROWS, adam, false)];
    expect(firstBitDifference(images.params, floats.params)).toBe(-1);
    expect(epochs(images)[0].validationLoss).toBe(epochs(floats)[0].validationLoss);
  });

  it('gathers passRows rows at a time and still reports progress per chunk', () => {
    const passes = run(PASS_ROWS);
    // Training passes hold at most PASS_ROWS rows; validation still goes in chunks (200 rows).
    const training = passes.gathered.filter((rows) => rows !== config.validation);
    expect(Math.max(...training)).toBe(PASS_ROWS);
    expect(whole.gathered).toContain(CHUNK);
    const progress = (r: Run) =>
      r.events.flatMap((e) => (e.type === 'progress' ? [[e.epoch, e.images]] : []));
    expect(progress(passes)).toEqual(progress(whole));
    expect(progress(passes)).toContainEqual([1, 2 * CHUNK]);
  });

  it('distorts the same images the same way: the augmentation draws image by image', () => {
    const distorted = { ...config, epochs: 2, augmentation: DEFAULT_AUGMENTATION };
    expect(firstBitDifference(run(PASS_ROWS, distorted).params, run(CHUNK, distorted).params)).toBe(
      -1,
    );
  });

  it('keeps whole chunks for a network with dropout, whose masks are drawn layer by layer', () => {
    // Passes would draw layer 1's masks for 250 rows, then layer 2's, then layer 1's again:
    // other numbers for the same units.
    const dropout = { ...config, epochs: 2, dropout: 0.2 };
    const passes = run(PASS_ROWS, dropout);
    expect(Math.max(...passes.gathered)).toBe(CHUNK);
    expect(firstBitDifference(passes.params, run(CHUNK, dropout).params)).toBe(-1);
  });
});
