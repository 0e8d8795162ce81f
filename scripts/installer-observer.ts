// Loaded with `node --import` into Electron's installer (install-electron.ts). It changes nothing
// the installer does, and makes its failures explainable:
// - a fetch that rejects is reported with its cause on stderr (see installer-failure.ts);
// - whatever goes to stderr is also copied to fd 3, a pipe `npm start` reads, so that stderr
//   itself can stay the terminal (@electron/get draws its progress bar only on a TTY).

import { writeSync } from 'node:fs';
import { fetchFailureLine } from './installer-failure.ts';

const COPY_FD = 3;

const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  try {
    writeSync(COPY_FD, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch {
    // No reader on fd 3 (the installer run by hand): the copy is only ever a diagnosis aid.
  }
  return write(chunk, ...rest);
}) as typeof process.stderr.write;

const fetchAsGiven = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  try {
    return await fetchAsGiven(input, init);
  } catch (error) {
    const url = input instanceof Request ? input.url : String(input);
    console.error(fetchFailureLine(url, error));
    throw error;
  }
};
