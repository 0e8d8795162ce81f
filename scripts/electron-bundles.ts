// Whether dist/electron holds bundles built after the last change to what goes into them, so that
// `npm start` rebuilds only after a change (as `serve` does for the renderer with
// src-main/renderer-build.ts). Modification times, like that check: a dependency update changes
// package-lock.json, which counts as an input.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newest } from '../src-main/renderer-build.ts';
import { BUNDLE_FILES } from './build-electron.ts';
import { PROJECT_ROOT } from './electron-binary.ts';

const INPUTS = ['src-main', 'src-core', 'scripts/build-electron.ts', 'package-lock.json'];

export function electronBundlesAreCurrent(root: string = PROJECT_ROOT): boolean {
  const bundles = BUNDLE_FILES.map((file) => path.join(root, 'dist', 'electron', file));
  if (!bundles.every((file) => existsSync(file))) return false;
  const built = Math.min(...bundles.map((file) => statSync(file).mtimeMs));
  return INPUTS.map((input) => path.join(root, input)).every(
    (input) => !existsSync(input) || newest(input) <= built,
  );
}
