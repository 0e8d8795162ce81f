// getTestImage: one image of a run's test part by its position, the same split the run trained
// with, and a clear refusal of a position past its end.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitDataset } from '../../../src-core/data/split.ts';
import type { TestImage } from '../../../src-main/contract/api.ts';
import { loadCsv } from '../../../src-main/data/load.ts';
import { datasetForRun } from '../../../src-main/services/datasets.ts';
import type { ApiHandler } from '../../../src-main/services/handler.ts';
import { Store } from '../../../src-main/store/store.ts';
import { OWNER } from '../../fixtures/store/builders.ts';
import { silentHandler, smallConfig, smallCsv, tempDir } from './fixtures.ts';

let store: Store;
let handler: ApiHandler;
let csv: string;
let runId: number;
const config = smallConfig({ validation: 30, testFraction: 0.1, seed: 4 });

beforeAll(() => {
  const dir = tempDir('bpl-test-images-');
  csv = smallCsv(dir, 300);
  store = Store.open(join(dir, 'runs.sqlite'));
  handler = silentHandler(store);
  const { id: datasetId } = datasetForRun(store, csv);
  runId = store.createRun({ name: 'r', preset: null, config, datasetId, owner: OWNER }).id;
});

afterAll(() => store.close());

describe('getTestImage', () => {
  it("gives the image at that position of the run's test part, its label and the part's size", async () => {
    const { test } = splitDataset(loadCsv(csv, 'x'), 30, 0.1, 4);
    const count = test.indices.length;
    expect(count).toBe(30);
    for (const index of [0, 7, count - 1]) {
      const result = await handler.call('getTestImage', { id: runId, index });
      if (!result.ok) throw new Error(result.error.message);
      const value = result.value as TestImage;
      const image = test.indices[index];
      expect(value).toMatchObject({ index, label: test.set.labels[image], count });
      const bytes = Buffer.from(value.pixels, 'base64');
      expect(Array.from(bytes)).toEqual(
        Array.from(test.set.images.subarray(image * 784, (image + 1) * 784)),
      );
    }
  });

  it("refuses a position past the part's end, naming the index and how many there are", async () => {
    expect(await handler.call('getTestImage', { id: runId, index: 30 })).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        field: 'index',
        message: `index 30 is out of range: run ${runId}'s test part holds 30 images (index 0 to 29)`,
      },
    });
  });

  it('says a run that does not exist is not found', async () => {
    expect(await handler.call('getTestImage', { id: 999, index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
