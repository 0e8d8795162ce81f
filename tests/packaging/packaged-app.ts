// A packaged app laid out so plain Node can run it. Electron reads files inside `resources/app.asar`
// as if the archive were a folder (and reads the entries marked unpacked from
// `app.asar.unpacked/`); Node cannot read an asar. So this extracts the archive into a folder
// literally named `app.asar`, in a fresh resources folder whose other entries (`app.asar.unpacked`,
// `mnist`, …) link to the real ones. Every path the app computes — `app.getAppPath()` (…/app.asar),
// `process.resourcesPath`, `__dirname` rewritten to `app.asar.unpacked` for the worker, the MNIST
// folder — then resolves as it would in Electron.
//
// Use with the desktop harness (tests/desktop/harness.ts):
//   const app = preparePackagedApp(path.join(out, 'linux-unpacked', 'resources'), scratchDir);
//   launchMain({ main: app.main, appPath: app.appPath, resourcesPath: app.resourcesPath,
//                isPackaged: true, … });

import { extractAll } from '@electron/asar';
import { mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export interface PackagedApp {
  /** The stand-in for process.resourcesPath. */
  readonly resourcesPath: string;
  /** The extracted archive: what app.getAppPath() returns in the packaged app. */
  readonly appPath: string;
  /** The main script package.json names, inside appPath. */
  readonly main: string;
}

/** Lays out `resourcesDir` (…/linux-unpacked/resources) under `into`, which must not exist yet or
 * be empty. Nothing in `resourcesDir` is changed. */
export function preparePackagedApp(resourcesDir: string, into: string): PackagedApp {
  mkdirSync(into, { recursive: true });
  for (const entry of readdirSync(resourcesDir)) {
    if (entry === 'app.asar') continue;
    // 'junction' matters on Windows only (a folder link without privileges); ignored elsewhere.
    symlinkSync(path.join(resourcesDir, entry), path.join(into, entry), 'junction');
  }
  const appPath = path.join(into, 'app.asar');
  // extractAll also copies the unpacked entries into place, as Electron's reads would find them.
  extractAll(path.join(resourcesDir, 'app.asar'), appPath);
  const { main } = JSON.parse(readFileSync(path.join(appPath, 'package.json'), 'utf8')) as {
    main: string;
  };
  return { resourcesPath: into, appPath, main: path.join(appPath, main) };
}
