// A fresh copy of the project for `npm start` tests: the sources and build configuration copied,
// node_modules made of symlinks to this checkout's packages except `electron`, which is a real
// copy. Electron's installer writes into node_modules/electron (dist/, path.txt), so the download
// lands in the copy and this checkout's package keeps having no binary, as other tests expect.

import { cpSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What `npm start` reads: its scripts, the sources it builds and their configuration. */
const COPIED = [
  'package.json',
  'package-lock.json',
  'scripts',
  'src-core',
  'src-main',
  'src-renderer',
  'vite.config.ts',
  'tsconfig.base.json',
];

export function copyProject(target: string): string {
  mkdirSync(target, { recursive: true });
  for (const entry of COPIED) {
    const from = path.join(ROOT, entry);
    if (existsSync(from)) cpSync(from, path.join(target, entry), { recursive: true });
  }
  const modules = path.join(ROOT, 'node_modules');
  const copiedModules = path.join(target, 'node_modules');
  mkdirSync(copiedModules);
  for (const name of readdirSync(modules)) {
    // Dot entries are npm's and Vite's bookkeeping (.bin is rebuilt below, .vite-temp is where
    // Vite writes its bundled config): none of them may be shared with this checkout.
    if (name.startsWith('.') || name === 'electron') continue;
    symlinkSync(path.join(modules, name), path.join(copiedModules, name));
  }
  cpSync(path.join(modules, 'electron'), path.join(copiedModules, 'electron'), {
    recursive: true,
  });
  linkBinaries(path.join(modules, '.bin'), path.join(copiedModules, '.bin'));
  return target;
}

/** node_modules/.bin with each link aimed at this checkout's package, except Electron's, which
 * must run the copy's cli.js and install.js. */
function linkBinaries(from: string, to: string): void {
  mkdirSync(to);
  for (const name of readdirSync(from)) {
    const target = readlinkSync(path.join(from, name));
    const absolute = target.startsWith('../electron/')
      ? path.join(to, target)
      : path.resolve(from, target);
    symlinkSync(absolute, path.join(to, name));
  }
}
