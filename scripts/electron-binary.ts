// Finds an Electron binary that is already installed, without ever downloading one. (Loading the
// `electron` package from Node would download it: since Electron 42 it fetches the binary on
// first use.) Mirrors node_modules/electron/index.js: path.txt names the executable inside dist/,
// and ELECTRON_OVERRIDE_DIST_PATH may point at an unpacked Electron elsewhere.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Electron executable, or null when it is not installed here. */
export function installedElectron(
  root: string = PROJECT_ROOT,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override
    ? path.join(override, relative || 'electron')
    : relative && path.join(pkg, 'dist', relative);
  return executable && existsSync(executable) ? executable : null;
}
