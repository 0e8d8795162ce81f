// Reading a file the user names (a dataset, a picture to predict) without trusting it: one
// descriptor for the check and the read, so the file checked is the file read; only a regular
// file; never more than a cap. Every problem is a DataError naming the file.

import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { DataError } from '../src-core/data/dataset.ts';

/** The bytes of the regular file at `path`, refused when over `cap` bytes with "the file is
 * larger than <tooLarge>", e.g. "512 MB, the most a dataset file may hold". */
export function readCappedFile(path: string, cap: number, tooLarge: string): Buffer {
  try {
    const fd = openSync(path, 'r');
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
      if (!stat.isFile())
        throw new DataError(path, null, 'not a regular file (a device, pipe or socket)');
      if (stat.size > cap) throw new DataError(path, null, `the file is larger than ${tooLarge}`);
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(path, null, `cannot read the file: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return (error as Error).message;
}
