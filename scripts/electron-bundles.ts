// Whether dist/electron holds bundles built after the last change to what goes into them, so that
// `npm start` rebuilds only after a change (as `serve` does for the renderer with
// src-main/renderer-build.ts). Modification times, like that check: a dependency update changes
// package-lock.json, which counts as an input.

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './electron-binary.ts';

/** What scripts/build-electron.ts writes into dist/electron. */
const BUNDLES = ['main.js', 'preload.cjs', 'training-worker.mjs'];
const INPUTS = ['src-main', 'src-core', 'scripts/build-electron.ts', 'package-lock.json'];

export function electronBundlesAreCurrent(root: string = PROJECT_ROOT): boolean {
  const bundles = BUNDLES.map((file) => path.join(root, 'dist', 'electron', file));
  if (!bundles.every((file) => existsSync(file))) return false;
  const built = Math.min(...bundles.map((file) => statSync(file).mtimeMs));
  return INPUTS.map((input) => path.join(root, input)).every(
    (input) => !existsSync(input) || newest(input) <= built,
  );
}

function newest(file: string): number {
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}
