// A run's answers on its test images, recounted without TestPredictions: its split, and each
// test image through the saved network one at a time, as `backprop-lab predict` reads an image.
import type { TrainConfig } from '../../../src-core/config.ts';
import type { Dataset } from '../../../src-core/data/dataset.ts';
import { splitDataset } from '../../../src-core/data/split.ts';
import { argmaxRow } from '../../../src-core/metrics.ts';
import { predictProbabilities } from '../../../src-core/predict.ts';
import { networkFromModel } from '../../../src-main/services/models.ts';
import type { ModelRow } from '../../../src-main/store/types.ts';

export interface Recount {
  /** Test images by their index in the image set they come from. */
  readonly indices: readonly number[];
  /** 1 where the answer is the label. */
  readonly correct: Uint8Array;
}

export function recount(model: ModelRow, dataset: Dataset, config: TrainConfig): Recount {
  const { test } = splitDataset(dataset, config.validation, config.testFraction, config.seed);
  const network = networkFromModel(model);
  const pixels = test.set.rows * test.set.cols;
  const correct = new Uint8Array(test.indices.length);
  test.indices.forEach((index, i) => {
    const image = Float32Array.from(
      test.set.images.subarray(index * pixels, (index + 1) * pixels),
      (v) => v / 255,
    );
    const digit = argmaxRow(predictProbabilities(network, image, 1), 0, 10);
    correct[i] = digit === test.set.labels[index] ? 1 : 0;
  });
  return { indices: Array.from(test.indices), correct };
}

export const rightCount = (correct: Uint8Array): number => correct.reduce((s, v) => s + v, 0);
