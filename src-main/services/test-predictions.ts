// A tested run's answers on its test part: for the confusion-matrix drill-down, which images sit
// in each cell and with what probabilities; for McNemar's test, which images it reads right.
// Read from the weights its test result came from, computed once per run and kept for a while
// (until those weights change).

import { gatherBatch } from '../../src-core/batch.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset, type Subset } from '../../src-core/data/split.ts';
import { argmaxRow } from '../../src-core/metrics.ts';
import { networkFromSaved } from '../../src-core/model.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import type { Store } from '../store/store.ts';
import type { ModelRow } from '../store/types.ts';
import type { RunRow } from '../contract/rows.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import type { CellImage, ConfusionCell } from '../contract/api.ts';
import { NotFoundError } from '../store/errors.ts';
import { datasetLocation } from './datasets.ts';
import { imageBase64 } from './test-images.ts';

const CHUNK = 1000;
const KEPT_RUNS = 4;
const KEPT_DATASETS = 2;

interface TestAnswers {
  /** Which weights these are (see #version): answers of other weights are stale. */
  readonly version: string;
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
    const images: CellImage[] = [];
    let total = 0;
    for (let i = 0; i < indices.length; i++) {
      if (set.labels[indices[i]] !== actual || answers.predicted[i] !== predicted) continue;
      total++;
      if (images.length >= limit) continue;
      images.push({
        index: i,
        pixels: imageBase64(set, indices[i]),
        probabilities: Array.from(answers.probabilities.subarray(i * 10, i * 10 + 10)),
      });
    }
    return { actual, predicted, total, images };
  }

  /** Per test image, in the order of `indices` (into the image set the test part comes from, the
   * dataset's test part or its training images held out): 1 where the run reads it right. */
  correctness(runId: number): PerImageCorrectness {
    const { test, predicted } = this.#answersFor(runId);
    const correct = new Uint8Array(predicted.length);
    for (let i = 0; i < predicted.length; i++)
      correct[i] = predicted[i] === test.set.labels[test.indices[i]] ? 1 : 0;
    return { indices: test.indices, correct };
  }

  /** Forget a run's answers (its model changed or it was deleted). */
  forget(runId: number): void {
    this.#answers.delete(runId);
  }

  #answersFor(runId: number): TestAnswers {
    const run = this.#store.getRun(runId);
    const version = weightsVersion(run);
    const cached = this.#answers.get(runId);
    if (cached !== undefined && cached.version === version) return cached;
    const model = testedModel(this.#store, run);
    if (model === null) throw new NotFoundError(`a saved model of run ${runId}`);
    const test = this.testPart(run);
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
    const answers = { version, test, predicted, probabilities };
    remember(this.#answers, runId, answers, KEPT_RUNS);
    return answers;
  }

  /** The run's test part: the same split it trained with, which depends only on the dataset,
   * the sizes and the seed. */
  testPart(run: RunRow): Subset {
    const { config } = run;
    const dataset = this.#dataset(run.datasetId);
    return splitDataset(dataset, config.validation, config.testFraction, config.seed).test;
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

export interface PerImageCorrectness {
  readonly indices: Uint32Array;
  readonly correct: Uint8Array;
}

/** The weights a run's test result came from: its final model once completed; the best
 * checkpoint a cancelled run is tested with (see services/supervisor.ts); for a run not tested
 * yet, where its training stands (its last). */
export function testedModel(store: Store, run: RunRow): ModelRow | null {
  if (run.status === 'completed' || run.testAccuracy === null) return store.getModel(run.id);
  return store.getModel(run.id, 'best');
}

/** Changes whenever the weights testedModel reads may have: a run goes on (epochs), ends
 * (status, test result) or is resumed and ends again (finishedAt). */
function weightsVersion(run: RunRow): string {
  return `${run.status} ${run.epochsDone} ${run.testAccuracy} ${run.finishedAt}`;
}

/** Insert into a small map that drops its oldest entry when full. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}
