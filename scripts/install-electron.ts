// Runs Electron's own installer (the `electron` package's `install-electron` bin) as `npm start`
// needs it: with the caller's environment, so ELECTRON_MIRROR, electron_config_cache,
// electron_use_remote_checksums and force_no_cache work as Electron documents them, and with its
// output on the terminal. installer-observer.ts copies that output to a pipe read here, for
// installer-failure.ts to say in one line why no binary arrived.

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { electronInstaller } from './electron-binary.ts';
import type { InstallerRun } from './installer-failure.ts';

const OBSERVER = new URL('./installer-observer.ts', import.meta.url).href;
/** The end of the installer's stderr is where its error is; the rest is on the terminal. */
const KEPT_OUTPUT = 64 * 1024;

export function runElectronInstaller(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InstallerRun> {
  // process.execPath: the project's Node 24 (the installer needs Node >= 22.12 to require the
  // ES module @electron/get).
  const child = spawn(process.execPath, ['--import', OBSERVER, electronInstaller(root)], {
    cwd: root,
    env,
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
  });
  let output = '';
  (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEPT_OUTPUT);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}
