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
  const pkg = electronPackageDir(root);
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override
    ? path.join(override, relative || 'electron')
    : relative && path.join(pkg, 'dist', relative);
  return executable && existsSync(executable) ? executable : null;
}

/** The version of the `electron` package installed in node_modules (read, not required). */
export function electronVersion(root: string = PROJECT_ROOT): string {
  const manifest = path.join(electronPackageDir(root), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Electron's own installer, the package's `install-electron` bin: it downloads the zip through
 * @electron/get (ELECTRON_MIRROR, electron_config_cache, electron_use_remote_checksums), unzips
 * it into dist/ and writes path.txt. */
export function electronInstaller(root: string = PROJECT_ROOT): string {
  return path.join(electronPackageDir(root), 'install.js');
}

function electronPackageDir(root: string): string {
  return path.join(root, 'node_modules', 'electron');
}
