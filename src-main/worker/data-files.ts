// Refuses data paths that are not regular files before the training process reads them: a FIFO
// would block the read until someone writes to it, and a device (/dev/zero) never ends. The
// checks are asynchronous stats, which return at once even for a FIFO.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../../src-core/data/dataset.ts';
import type { DatasetSource } from '../contract/worker-messages.ts';

/** Names in an IDX folder that the loader may read (train-images-idx3-ubyte.gz, t10k-…). */
const IDX_FILE = /^(train|t10k)-(images|labels)[-.]idx[13]-ubyte(\.gz)?$/;

export async function checkRegularFiles(source: DatasetSource): Promise<void> {
  if (source.kind === 'csv') return checkFile(source.path);
  let names: string[];
  try {
    names = await readdir(source.path);
  } catch {
    // The loader says what is wrong with the folder (missing, not a folder, unreadable).
    return;
  }
  for (const name of names.filter((n) => IDX_FILE.test(n)))
    await checkFile(join(source.path, name));
}

async function checkFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    return; // missing or unreadable: the loader's message names the problem
  }
  if (!isFile)
    throw new DataError(
      path,
      null,
      'not a regular file (a pipe, device or folder); Backprop Lab reads data only from files',
    );
}
