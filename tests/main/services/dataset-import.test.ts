// Importing through the app: the desktop request asks the host's file dialog (stubbed here) for
// the path, so the renderer never names one; the file is copied into the data folder, parsed
// in a worker thread and registered. A bad file leaves nothing behind: no row, no kept copy.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ImportOutcome } from '../../../src-main/contract/api.ts';
import { createApiHandler, type ApiHandler } from '../../../src-main/services/handler.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { csvHeader, csvRow, idxImages, idxLabels } from '../../fixtures/data/build.ts';
import { silentSpawner, smallCsv, tempDir } from './fixtures.ts';

let dir: string;
let store: Store;
let chosen: string | null = null;
let handler: ApiHandler;
const events: ApiEvent[] = [];

beforeAll(() => {
  dir = tempDir('bpl-import-');
  store = Store.open(join(dir, 'data', 'runs.sqlite'));
  const owner = currentOwner();
  handler = createApiHandler({
    store,
    supervisor: new Supervisor(store, silentSpawner, owner),
    owner,
    chooseDatasetFile: async () => chosen,
  });
  handler.onEvent((e) => events.push(e));
});

afterAll(() => store.close());

const kept = () => {
  const folder = join(dirname(store.path), 'datasets');
  return existsSync(folder) ? readdirSync(folder) : [];
};

async function importChosen(path: string | null, name?: string): Promise<ImportOutcome> {
  chosen = path;
  const result = await handler.call('importDatasetFromDialog', name === undefined ? {} : { name });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ImportOutcome;
}

async function refusal(path: string): Promise<{ code: string; message: string }> {
  chosen = path;
  const result = await handler.call('importDatasetFromDialog', {});
  if (result.ok) throw new Error(`${path} was imported`);
  return result.error;
}

describe('import from the desktop file dialog', () => {
  it('imports the blog’s Kaggle-style CSV, named after the file, kept in the data folder', async () => {
    const csv = smallCsv(dir, 300);
    const outcome = await importChosen(csv);
    expect(outcome).toMatchObject({
      status: 'imported',
      alreadyImported: false,
      dataset: { name: 'mnist-300', kind: 'csv', trainCount: 300, testCount: 0, rows: 28 },
    });
    if (outcome.status !== 'imported') return;
    expect(outcome.dataset.path.startsWith(join(dirname(store.path), 'datasets'))).toBe(true);
    expect(existsSync(outcome.dataset.path)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'datasetImported', dataset: outcome.dataset });
    // The row trains like any other: startRun accepts it.
    expect(store.listDatasets().map((d) => d.name)).toContain('mnist-300');
  });

  it('answers a cancelled dialog with a cancelled outcome, not an error', async () => {
    const before = events.length;
    expect(await importChosen(null)).toEqual({ status: 'cancelled' });
    expect(events.length).toBe(before);
  });

  it('finds the same data again instead of registering a copy, and numbers a clashing name', async () => {
    const csv = join(dir, 'mnist-300.csv');
    const again = await importChosen(csv);
    expect(again).toMatchObject({ status: 'imported', alreadyImported: true });
    const folders = kept().length;

    const other = join(dir, 'other', 'mnist-300.csv.gz');
    mkdirSync(dirname(other), { recursive: true });
    writeFileSync(other, gzipSync(`${csvHeader()}\n${csvRow(7, () => 9)}\n`));
    const clash = await importChosen(other);
    expect(clash).toMatchObject({
      status: 'imported',
      dataset: { name: 'mnist-300 (2)', trainCount: 1 },
    });
    expect(kept().length).toBe(folders + 1);
    // A file called mnist is never taken for the built-in MNIST.
    const mnist = join(dir, 'other', 'mnist.csv');
    writeFileSync(mnist, `${csvHeader()}\n${csvRow(1)}\n`);
    expect(await importChosen(mnist)).toMatchObject({ dataset: { name: 'mnist (2)' } });
  });

  it('imports an IDX folder when one of its files is chosen, gzipped or plain', async () => {
    const idx = join(dir, 'fashion');
    mkdirSync(idx);
    writeFileSync(join(idx, 'train-images-idx3-ubyte.gz'), gzipSync(idxImages(3, 28, 28)));
    writeFileSync(join(idx, 'train-labels-idx1-ubyte'), idxLabels([1, 2, 3]));
    writeFileSync(join(idx, 'notes.txt'), 'not data');
    const outcome = await importChosen(join(idx, 'train-labels-idx1-ubyte'), 'Fashion');
    expect(outcome).toMatchObject({
      status: 'imported',
      dataset: { name: 'Fashion', kind: 'idx', trainCount: 3, testCount: 0 },
    });
    if (outcome.status === 'imported')
      expect(readdirSync(outcome.dataset.path).sort()).toEqual([
        'train-images-idx3-ubyte',
        'train-labels-idx1-ubyte',
      ]);
  });

  it('refuses a malformed CSV naming the file and line, and keeps nothing', async () => {
    const datasets = store.listDatasets();
    const folders = kept();
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${csvHeader()}\n${csvRow(3)}\n${csvRow(4)}\n${csvRow(5).replace(',0,', ',x,')}\n`,
    );
    const error = await refusal(bad);
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe(
      `${bad}, line 4, column 2 (pixel0): "x" is not a whole number 0–255`,
    );
    expect(store.listDatasets()).toEqual(datasets);
    expect(kept()).toEqual(folders);
  });

  it('refuses what is not a regular data file without reading it', async () => {
    expect((await refusal('/dev/zero')).message).toContain('not a regular file');
    expect((await refusal(join(dir, 'missing.csv'))).message).toContain('no such file');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect((await refusal(text)).message).toContain('choose a .csv or .csv.gz file');
  });

  it('stops a gzip bomb at the unpacked cap, saying which cap, and keeps nothing', async () => {
    const folders = kept();
    const bomb = join(dir, 'bomb.csv.gz');
    // 600 MB of zeros packs into well under a megabyte.
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const parts = Array.from({ length: 10 }, () => gzipSync(zeros, { level: 9 }));
    writeFileSync(bomb, Buffer.concat(parts));
    const error = await refusal(bomb);
    expect(error).toEqual({
      code: 'too-large',
      message: `${bomb}: unpacked, the gzip data is larger than 512 MB, the most an import may hold`,
    });
    expect(kept()).toEqual(folders);
  }, 30_000);

  it('says browser mode imports by upload', async () => {
    const owner = currentOwner();
    const browser = createApiHandler({
      store,
      supervisor: new Supervisor(store, silentSpawner, owner),
      owner,
    });
    const result = await browser.call('importDatasetFromDialog', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!result.ok) expect(result.error.message).toContain('upload the file instead');
  });
});
