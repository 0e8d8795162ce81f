import { renameSync, writeFileSync } from 'node:fs';

/** Writes beside the target, then renames over it: an interrupted write never leaves half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}
