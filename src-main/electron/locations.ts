// Where the app finds its files and keeps its data, as plain functions of what Electron reports
// (app.getPath, app.isPackaged, process.resourcesPath), so tests can check them without Electron.

import path from 'node:path';
import { DATABASE_FILE } from '../store/paths.ts';

/** The bundles next to main.js in dist/electron (see scripts/build-electron.ts). */
export const PRELOAD_FILE = 'preload.cjs';
export const WORKER_FILE = 'training-worker.mjs';
export const IMPORT_WORKER_FILE = 'import-worker.mjs';
export const LANDSCAPE_WORKER_FILE = 'landscape-worker.mjs';

/** BACKPROP_LAB_DB if set, else the userData folder: the same file the CLI uses by default. */
export function appDatabasePath(
  env: Readonly<Record<string, string | undefined>>,
  userData: string,
): string {
  return env.BACKPROP_LAB_DB || path.join(userData, DATABASE_FILE);
}

/** A file packed into app.asar, as its copy in app.asar.unpacked (electron-builder's asarUnpack):
 * a utility process must start from a real file on disk. Paths outside an asar are unchanged. */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
