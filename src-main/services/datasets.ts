// Which data a run trains on: the built-in MNIST, a dataset imported earlier by name, or a file
// or folder given by path. Every dataset is parsed in full (each row checked) before a run is
// created on it, and identified by a hash of its content.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Dataset, ImageSet } from '../../src-core/data/dataset.ts';
import { DataError } from '../../src-core/data/dataset.ts';
import type { DatasetSource } from '../contract/worker-messages.ts';
import { loadCsv, loadIdxDir, mnistDir } from '../data/load.ts';
import type { Store } from '../store/store.ts';
import type { DatasetRow } from '../contract/rows.ts';

export const BUILTIN_MNIST = 'mnist';

/** sha256 over the sizes, images and labels of both parts. */
export function datasetHash(dataset: Dataset): string {
  const hash = createHash('sha256');
  const part = (set: ImageSet | null): void => {
    if (set === null) return void hash.update('no test part');
    hash.update(`${set.count}x${set.rows}x${set.cols};`);
    hash.update(set.images);
    hash.update(set.labels);
  };
  part(dataset.train);
  part(dataset.test);
  return hash.digest('hex');
}

/** Where a dataset's files are now. The built-in MNIST moves with the app (an AppImage mounts
 * at a new folder on every start), so its row names no folder of its own: it is wherever this
 * copy of the app keeps MNIST. */
export function datasetLocation(row: DatasetRow, mnist = mnistDir()): string {
  return row.kind === 'builtin' ? mnist : row.path;
}

export function sourceOf(row: DatasetRow, mnist = mnistDir()): DatasetSource {
  return {
    kind: row.kind === 'csv' ? 'csv' : 'idx',
    path: datasetLocation(row, mnist),
    name: row.name,
  };
}

function register(
  store: Store,
  dataset: Dataset,
  kind: DatasetRow['kind'],
  path: string,
  name: string,
  hash = datasetHash(dataset),
): DatasetRow {
  return store.ensureDataset({
    name,
    kind,
    path,
    hash,
    trainCount: dataset.train.count,
    testCount: dataset.test?.count ?? 0,
    rows: dataset.train.rows,
    cols: dataset.train.cols,
  });
}

/** The built-in MNIST, registered on first use (parsing its files once per database). */
export function builtinMnist(store: Store, dir = mnistDir()): DatasetRow {
  return (
    store.getDataset(BUILTIN_MNIST) ??
    register(store, loadIdxDir(dir, BUILTIN_MNIST), 'builtin', dir, BUILTIN_MNIST)
  );
}

/** Parses a CSV file or IDX folder in full and registers it under `name`. */
export function importDataset(store: Store, path: string, name: string): DatasetRow {
  if (name.trim() === '') throw new DataError(path, null, 'a dataset needs a name (--name)');
  if (name === BUILTIN_MNIST)
    throw new DataError(
      path,
      null,
      `the name '${BUILTIN_MNIST}' is the built-in MNIST; choose another`,
    );
  const full = resolve(path);
  const { dataset, kind } = loadPath(full, name);
  return register(store, dataset, kind, full, name);
}

/** `--dataset` as the user typed it: 'mnist', the name of an imported dataset, or a path. */
export function datasetForRun(store: Store, spec: string, mnist = mnistDir()): DatasetRow {
  if (spec === BUILTIN_MNIST) return builtinMnist(store, mnist);
  const byName = store.getDataset(spec);
  if (byName !== null) return byName;
  const full = resolve(spec);
  const { dataset, kind } = loadPath(full, spec);
  // Named by the path and content, so a changed file becomes a new dataset instead of a clash.
  const hash = datasetHash(dataset);
  return register(store, dataset, kind, full, `${full}#${hash.slice(0, 8)}`, hash);
}

function loadPath(full: string, name: string): { dataset: Dataset; kind: 'csv' | 'idx' } {
  let isDir: boolean;
  try {
    isDir = statSync(full).isDirectory();
  } catch {
    throw new DataError(
      full,
      null,
      'no such file or folder, and no imported dataset has this name',
    );
  }
  return isDir
    ? { dataset: loadIdxDir(full, name), kind: 'idx' }
    : { dataset: loadCsv(full, name), kind: 'csv' };
}
