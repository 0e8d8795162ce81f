// Importing a dataset from outside the app: a file the user chose in the desktop app's file
// dialog, or files uploaded in browser mode. Either way the bytes are streamed into a folder of
// their own under the app's data folder (next to the database), unpacked on the way if gzipped,
// within MAX_DATASET_BYTES; the kept copy is then parsed off the event loop (every row checked)
// and registered. The dataset row points at the kept copy, which the training process reads at
// run time, so a later change to the user's file cannot change what a run trains on, and no
// run ever unpacks a gzip bomb. A failed import keeps nothing: no row, no file.

import { randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError } from '../../src-core/data/dataset.ts';
import { looksGzipped } from '../../src-core/data/messages.ts';
import type { ImportedDataset } from '../contract/api.ts';
import type { Store } from '../store/store.ts';
import type { DatasetRow } from '../contract/rows.ts';
import type { DatasetInfo, DatasetParser, ParseJob } from './dataset-parse.ts';
import { BUILTIN_MNIST } from './datasets.ts';
import { MAX_DATASET_BYTES } from '../data/limits.ts';

/** An IDX dataset is at most four files: images and labels, for training and test. */
const MAX_FILES = 4;
/** Tried before giving up on a free name: "digits", "digits (2)", … */
const MAX_NAME_SUFFIX = 100;

const CSV_FILE = /\.csv(\.gz)?$/i;
/** Files that may belong to an IDX dataset; loadIdxDir decides which names it needs. */
const IDX_FILE = /[-.]idx[13]-ubyte(\.gz)?$/i;

/** An import over a size cap: the message says which. */
export class TooLargeError extends DataError {}

/** One file of an import: its name (a base name), size in bytes, and how messages call it. */
export interface IncomingFile {
  readonly name: string;
  readonly size: number;
  readonly label: string;
}

export interface ImportDeps {
  readonly store: Store;
  readonly parse: DatasetParser;
}

/** What the data is, from its files' names; throws a DataError naming what would be accepted. */
function kindOf(files: readonly IncomingFile[], what: string): 'csv' | 'idx' {
  if (files.length === 0) throw new DataError(what, null, 'no file to import');
  if (files.length > MAX_FILES)
    throw new DataError(
      what,
      null,
      `${files.length} data files; one dataset has at most ${MAX_FILES} (put each in a folder of its own)`,
    );
  const kept = new Set<string>();
  for (const f of files) {
    if (f.name !== basename(f.name) || f.name.includes('\\') || hasControl(f.name))
      throw new DataError(f.label, null, 'a file name may not hold a folder or control characters');
    if (kept.has(keptName(f.name)))
      throw new DataError(f.label, null, 'the same file twice (plain and gzipped?): keep one');
    kept.add(keptName(f.name));
  }
  if (files.length === 1 && CSV_FILE.test(files[0].name)) return 'csv';
  const stray = files.find((f) => !IDX_FILE.test(f.name));
  if (stray === undefined) return 'idx';
  throw new DataError(
    stray.label,
    null,
    'not data Backprop Lab reads: choose one .csv or .csv.gz file (label,pixel0…pixel783), ' +
      'or the IDX files of one dataset (e.g. train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz)',
  );
}

/** Imports uploaded files: `body` is their bytes back to back, in the order of `files`. */
export async function importUpload(
  deps: ImportDeps,
  files: readonly IncomingFile[],
  body: AsyncIterable<Uint8Array>,
  name: string | undefined,
): Promise<ImportedDataset> {
  const kind = kindOf(files, 'the upload');
  checkSizes(files, 'the upload');
  const fallback = kind === 'csv' ? stem(files[0].name) : 'uploaded IDX';
  return keepAndRegister(deps, kind, files, body, name?.trim() || fallback, 'the uploaded files');
}

/**
 * Imports what the user chose in a file dialog: a CSV (.csv, .csv.gz), an IDX file (its folder
 * is imported, since a dialog on Linux and Windows picks files or folders, not both) or a
 * folder of IDX files. Only regular files are read, each opened without blocking (a FIFO or
 * device cannot stall the app) and checked against the size cap before a byte is copied.
 */
export async function importChosenPath(
  deps: ImportDeps,
  chosen: string,
  name: string | undefined,
): Promise<ImportedDataset> {
  const full = resolve(chosen);
  const info = await stat(full).catch(() => {
    throw new DataError(full, null, 'no such file or folder');
  });
  let folder: string | null = null;
  if (info.isDirectory()) folder = full;
  else if (!info.isFile())
    throw new DataError(full, null, 'not a regular file (a device, pipe or socket cannot be read)');
  else if (IDX_FILE.test(full)) folder = dirname(full);
  else if (!CSV_FILE.test(full))
    throw new DataError(
      full,
      null,
      'choose a .csv or .csv.gz file, or one IDX file (e.g. train-images-idx3-ubyte.gz) to import its folder',
    );
  const paths = folder === null ? [full] : await idxFilesIn(folder);
  const opened = await Promise.all(paths.map(openRegular));
  try {
    const files = opened.map(({ path, size }) => ({ name: basename(path), size, label: path }));
    const kind = kindOf(files, folder ?? full);
    checkSizes(files, folder ?? full);
    const fallback = folder === null ? stem(basename(full)) : basename(folder);
    return await keepAndRegister(
      deps,
      kind,
      files,
      readInTurn(opened),
      name?.trim() || fallback,
      folder ?? full,
    );
  } finally {
    await Promise.all(opened.map((o) => o.handle.close().catch(() => {})));
  }
}

// --- reading the user's files

interface OpenedFile {
  readonly path: string;
  readonly size: number;
  readonly handle: Awaited<ReturnType<typeof open>>;
}

/** Opens without blocking and checks the opened file itself, so a swap after stat is caught. */
async function openRegular(path: string): Promise<OpenedFile> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(
    (error: NodeJS.ErrnoException) => {
      throw new DataError(path, null, `cannot read it (${error.code ?? error.message})`);
    },
  );
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new DataError(path, null, 'not a regular file (a device, pipe or socket cannot be read)');
  }
  return { path, size: info.size, handle };
}

/** The files of `folder` that look like IDX files, one per unpacked name (x beats x.gz). */
async function idxFilesIn(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((n) => IDX_FILE.test(n)).sort();
  const byKept = new Map<string, string>();
  for (const n of names) if (!byKept.has(keptName(n))) byKept.set(keptName(n), n);
  if (byKept.size === 0)
    throw new DataError(
      folder,
      null,
      'no IDX files here; expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz), ' +
        'and optionally their t10k- test partners',
    );
  return [...byKept.values()].map((n) => join(folder, n));
}

async function* readInTurn(files: readonly OpenedFile[]): AsyncIterable<Uint8Array> {
  for (const { handle } of files) yield* handle.createReadStream({ autoClose: false, start: 0 });
}

function checkSizes(files: readonly IncomingFile[], what: string): void {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_DATASET_BYTES)
    throw new TooLargeError(
      what,
      null,
      `${megabytes(total)} is larger than ${megabytes(MAX_DATASET_BYTES)}, the most an import may hold`,
    );
}

// --- keeping a copy

async function keepAndRegister(
  { store, parse }: ImportDeps,
  kind: 'csv' | 'idx',
  files: readonly IncomingFile[],
  body: AsyncIterable<Uint8Array>,
  wanted: string,
  folderLabel: string,
): Promise<ImportedDataset> {
  const dir = join(dirname(store.path), 'datasets', randomBytes(8).toString('hex'));
  await mkdir(dir, { recursive: true });
  try {
    const kept = await keepFiles(body, files, dir);
    const job: ParseJob = {
      kind,
      path: kind === 'csv' ? kept[0] : dir,
      labels: [
        ...kept.map((path, i) => ({ path, label: files[i].label })),
        { path: dir, label: folderLabel },
      ],
    };
    const result = register(store, await parse(job), kind, job.path, datasetName(wanted));
    if (result.alreadyImported) await rm(dir, { recursive: true, force: true });
    return result;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Splits `body` into `files` by their sizes and writes each, unpacked, into `dir`. */
async function keepFiles(
  body: AsyncIterable<Uint8Array>,
  files: readonly IncomingFile[],
  dir: string,
): Promise<string[]> {
  const budget = { left: MAX_DATASET_BYTES };
  const paths = files.map((f) => join(dir, keptName(f.name)));
  let index = 0;
  let left = files[0].size;
  let sink = new KeptFile(files[0].label, paths[0], budget);
  const next = async (): Promise<void> => {
    while (left === 0 && index < files.length) {
      await sink.end();
      index++;
      if (index < files.length) {
        sink = new KeptFile(files[index].label, paths[index], budget);
        left = files[index].size;
      }
    }
  };
  try {
    await next();
    for await (const chunk of body) {
      for (let offset = 0; offset < chunk.length;) {
        if (index === files.length)
          throw new DataError(
            'the upload',
            null,
            'it holds more bytes than the sizes of its files add up to',
          );
        const n = Math.min(left, chunk.length - offset);
        await sink.write(chunk.subarray(offset, offset + n));
        offset += n;
        left -= n;
        await next();
      }
    }
    if (index < files.length)
      throw new DataError(
        files[index].label,
        null,
        `the data ended ${left} bytes early: the upload was cut off, or the file changed while it was read`,
      );
    return paths;
  } catch (error) {
    sink.destroy();
    throw error;
  }
}

/**
 * One file on its way to disk. The first two bytes decide whether it is gzipped (magic 1f 8b);
 * if so it is unpacked as it streams, and the unpacked bytes count against the shared budget,
 * so a small file that unpacks to gigabytes stops at the cap instead of filling memory or disk.
 */
class KeptFile {
  readonly #label: string;
  readonly #path: string;
  readonly #budget: { left: number };
  #head: Uint8Array[] = [];
  #entry: PassThrough | null = null;
  #finished: Promise<void> = Promise.resolve();
  #failure: Error | null = null;

  constructor(label: string, path: string, budget: { left: number }) {
    this.#label = label;
    this.#path = path;
    this.#budget = budget;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#entry === null) {
      this.#head.push(bytes);
      if (this.#head.reduce((n, b) => n + b.length, 0) >= 2) this.#start();
    } else if (!this.#entry.write(bytes)) {
      await Promise.race([waitFor(this.#entry, 'drain'), this.#finished]);
    }
    this.#check();
  }

  async end(): Promise<void> {
    // A file shorter than two bytes has not started its pipeline yet.
    (this.#entry ?? this.#start()).end();
    await this.#finished;
    this.#check();
  }

  destroy(): void {
    this.#entry?.destroy();
  }

  /** Builds the pipeline, gzip or not by the bytes so far, and writes those bytes into it. */
  #start(): PassThrough {
    const first = Buffer.concat(this.#head);
    this.#head = [];
    const gzipped = looksGzipped(first);
    const entry = new PassThrough();
    this.#entry = entry;
    // Never rejects: a failure is kept and thrown by the next write or end.
    this.#finished = pipeline([
      entry,
      ...(gzipped ? [createGunzip()] : []),
      new Limit(this.#budget, () => this.#tooLarge(gzipped)),
      createWriteStream(this.#path, { flags: 'wx' }),
    ]).catch((error: Error) => {
      this.#failure ??= this.#explain(error, gzipped);
    });
    entry.write(first);
    return entry;
  }

  #check(): void {
    if (this.#failure !== null) throw this.#failure;
  }

  #tooLarge(gzipped: boolean): TooLargeError {
    const cap = megabytes(MAX_DATASET_BYTES);
    return (this.#failure = new TooLargeError(
      this.#label,
      null,
      gzipped
        ? `unpacked, the gzip data is larger than ${cap}, the most an import may hold`
        : `the data is larger than ${cap}, the most an import may hold`,
    ));
  }

  #explain(error: Error, gzipped: boolean): Error {
    if (error instanceof DataError) return error;
    if (gzipped && (error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      return new DataError(
        this.#label,
        null,
        `cannot unpack the gzip data (${error.message}); the file is truncated or corrupt`,
      );
    return error;
  }
}

/** Passes bytes on until the budget runs out, then fails with what `tooLarge` makes. */
class Limit extends Transform {
  readonly #budget: { left: number };
  readonly #tooLarge: () => Error;
  constructor(budget: { left: number }, tooLarge: () => Error) {
    super();
    this.#budget = budget;
    this.#tooLarge = tooLarge;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#budget.left -= chunk.length;
    if (this.#budget.left < 0) return done(this.#tooLarge());
    done(null, chunk);
  }
}

function waitFor(stream: PassThrough, event: string): Promise<void> {
  return new Promise((resolve) => stream.once(event, () => resolve()));
}

// --- registering

/**
 * Registers under `wanted`, or the first of "wanted (2)", "wanted (3)"… that is free. The
 * same data already under one of those names is that dataset, not a new one. The built-in
 * MNIST's name is never taken, even before MNIST is first registered.
 */
function register(
  store: Store,
  info: DatasetInfo,
  kind: DatasetRow['kind'],
  path: string,
  wanted: string,
): ImportedDataset {
  for (let n = 1; n <= MAX_NAME_SUFFIX; n++) {
    const name = n === 1 ? wanted : `${wanted} (${n})`;
    if (name === BUILTIN_MNIST) continue;
    const existing = store.getDataset(name);
    if (existing === null)
      return {
        dataset: store.ensureDataset({ name, kind, path, ...info }),
        alreadyImported: false,
      };
    if (existing.hash === info.hash) return { dataset: existing, alreadyImported: true };
  }
  throw new DataError(wanted, null, `${MAX_NAME_SUFFIX} datasets have this name; choose another`);
}

/** A name as a person would type it: no control characters, at most 200 characters. */
function datasetName(wanted: string): string {
  const printable = [...wanted].filter((c) => !hasControl(c)).join('');
  return printable.trim().slice(0, 200) || 'imported data';
}

/** C0 controls and DEL: invisible in a list, and escape sequences in a terminal. */
function hasControl(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** The name a file is kept under: gzipped data is kept unpacked; nothing outside a plain set. */
function keptName(name: string): string {
  return name.replace(/\.gz$/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
}

function stem(name: string): string {
  return name.replace(CSV_FILE, '');
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))} MB`;
}
