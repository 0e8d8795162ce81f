// A finished run's answers on its test part, for the confusion-matrix drill-down: which images
// sit in each cell and with what probabilities. Computed once per run and kept for a while.

import { gatherBatch } from '../../src-core/batch.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset, type Subset } from '../../src-core/data/split.ts';
import { argmaxRow } from '../../src-core/metrics.ts';
import { networkFromSaved } from '../../src-core/model.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import type { Store } from '../store/store.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import type { CellImage, ConfusionCell } from '../contract/api.ts';
import { NotFoundError } from '../store/errors.ts';
import { datasetLocation } from './datasets.ts';

const CHUNK = 1000;
const KEPT_RUNS = 4;
const KEPT_DATASETS = 2;

interface TestAnswers {
  readonly test: Subset;
  readonly predicted: Uint8Array;
  readonly probabilities: Float32Array; // (count, 10)
}

export class TestPredictions {
  readonly #store: Store;
  readonly #answers = new Map<number, TestAnswers>();
  readonly #datasets = new Map<number, Dataset>();

  readonly #mnistDir: string | undefined;

  constructor(store: Store, mnistDir?: string) {
    this.#store = store;
    this.#mnistDir = mnistDir;
  }

  cell(runId: number, actual: number, predicted: number, limit: number): ConfusionCell {
    const answers = this.#answersFor(runId);
    const { set, indices } = answers.test;
    const pixels = set.rows * set.cols;
    const images: CellImage[] = [];
    let total = 0;
    for (let i = 0; i < indices.length; i++) {
      if (set.labels[indices[i]] !== actual || answers.predicted[i] !== predicted) continue;
      total++;
      if (images.length >= limit) continue;
      const start = indices[i] * pixels;
      images.push({
        index: i,
        pixels: Buffer.from(set.images.subarray(start, start + pixels)).toString('base64'),
        probabilities: Array.from(answers.probabilities.subarray(i * 10, i * 10 + 10)),
      });
    }
    return { actual, predicted, total, images };
  }

  /** Forget a run's answers (its model changed or it was deleted). */
  forget(runId: number): void {
    this.#answers.delete(runId);
  }

  #answersFor(runId: number): TestAnswers {
    const cached = this.#answers.get(runId);
    if (cached !== undefined) return cached;
    const run = this.#store.getRun(runId);
    const model = this.#store.getModel(runId);
    if (model === null) throw new NotFoundError(`run ${runId} has no saved model yet`);
    const dataset = this.#dataset(run.datasetId);
    const { config } = run;
    // The same split the run trained with: it depends only on the dataset, the sizes and the seed.
    const { test } = splitDataset(dataset, config.validation, config.testFraction, config.seed);
    const network = networkFromSaved(model, CHUNK);
    const count = test.indices.length;
    const probabilities = new Float32Array(count * 10);
    const predicted = new Uint8Array(count);
    const x = new Float32Array(CHUNK * network.inputSize);
    const labels = new Uint8Array(CHUNK);
    for (let start = 0; start < count; start += CHUNK) {
      const rows = Math.min(CHUNK, count - start);
      gatherBatch(test, null, start, rows, x, labels);
      const p = predictProbabilities(network, x, rows);
      probabilities.set(p, start * 10);
      for (let r = 0; r < rows; r++) predicted[start + r] = argmaxRow(p, r, 10);
    }
    const answers = { test, predicted, probabilities };
    remember(this.#answers, runId, answers, KEPT_RUNS);
    return answers;
  }

  #dataset(id: number): Dataset {
    const cached = this.#datasets.get(id);
    if (cached !== undefined) return cached;
    const row = this.#store.getDataset(id);
    if (row === null) throw new NotFoundError(`dataset ${id} not found`);
    const path = datasetLocation(row, this.#mnistDir);
    const dataset = row.kind === 'csv' ? loadCsv(path, row.name) : loadIdxDir(path, row.name);
    remember(this.#datasets, id, dataset, KEPT_DATASETS);
    return dataset;
  }
}

/** Insert into a small map that drops its oldest entry when full. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}
